package dev.intermission.migration;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.ApiListing;

/** The public API of intermission-migration is pinned: any change shows as a difference to review. */
class ApiListingTest {

    @Test
    void publicApi_matchesTheCheckedInListing() {
        ApiListing.check("intermission-migration", MigrationWindow.class);
    }
}
