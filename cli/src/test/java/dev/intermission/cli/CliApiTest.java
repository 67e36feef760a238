package dev.intermission.cli;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.ApiListing;

/** The public API of intermission-cli, pinned so that any change shows in review. */
class CliApiTest {

    @Test
    void publicApi_matchesTheCheckedInListingAndLeaksNoThirdPartyOrInternalType() {
        ApiListing.check("intermission-cli", MaintenanceCli.class);
    }
}
