package dev.intermission.servlet;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.ApiListing;

/** Pins the public API of intermission-servlet: any change shows up as a diff of the checked-in listing. */
class ApiListingTest {

    @Test
    void publicApi_matchesTheCheckedInListingAndNamesNoThirdPartyType() {
        ApiListing.check("intermission-servlet", MaintenanceFilter.class);
    }
}
