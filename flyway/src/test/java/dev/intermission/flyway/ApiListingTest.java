package dev.intermission.flyway;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.ApiListing;

/** Pins the public API of {@code intermission-flyway}: a change shows as a diff of its checked-in listing. */
class ApiListingTest {

    @Test
    void publicApi_matchesTheCheckedInListingAndNamesNoFlywayType() {
        ApiListing.check("intermission-flyway", FlywayMigrator.class);
    }
}
