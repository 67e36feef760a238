package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.ApiListing;

/**
 * The public API of intermission-notify is pinned: any change shows as a difference to review; and no signature
 * names the template library.
 */
class ApiListingTest {

    @Test
    void publicApi_matchesTheCheckedInListing() {
        ApiListing.check("intermission-notify", Notifier.class);
    }

    @Test
    void publicApi_namesNoTemplateLibraryType() throws IOException {
        ApiListing.check("intermission-notify", Notifier.class);
        assertFalse(Files.readString(Path.of("target", "api", "intermission-notify.api")).contains("mustache"));
    }
}
