package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.MaintenanceChange;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * The banner script and the 503 page's reload in a real headless Chromium, against a scheduled window that opens
 * a few seconds after the page loads and closes a few seconds later: the banner counts down, turns into a notice
 * when the window opens (on a page loaded before), the refused page says it will reload and does so by itself
 * once the window has closed; a window with a notice time shows only from then on. The order page sends a strict
 * Content-Security-Policy, which the banner keeps.
 */
class BannerAndReloadBrowserTest {

    private static final Duration OPENS_IN = Duration.ofSeconds(5);
    private static final Duration LASTS = Duration.ofSeconds(6);
    private static final Duration NOTICE_IN = Duration.ofSeconds(8);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String MESSAGE = "Switching the payment provider";

    private static ConsoleServer app;
    private static Browser browser;

    @BeforeAll
    static void start() {
        if (!Browser.installed()) {
            return;
        }
        app = ConsoleServer.start();
        browser = Browser.start("banner-and-reload");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void resetState() {
        Browser.assumeInstalled();
        app.reset();
        browser.clearLog();
    }

    @AfterEach
    void noScriptErrors() {
        if (browser != null) {
            browser.assertNoScriptErrors();
        }
    }

    @Test
    void windowThatOpensAndCloses_bannerCountsDownThenNotifies_andTheRefusedPageReloadsItselfAfterwards() {
        Instant start = Instant.now().plus(OPENS_IN);
        app.service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(LASTS), Mode.FULL,
                MESSAGE)).actor("ops").build());

        browser.driver.get(app.orders().toString());
        browser.until(d -> "Scheduled maintenance".equals(browser.bannerPart("title")));
        assertTrue(browser.bannerPart("text").startsWith(MESSAGE + ". The service will be unavailable from "),
                browser.bannerPart("text"));
        assertTrue(browser.bannerPart("when").matches("Starts in \\d+ s"), browser.bannerPart("when"));
        browser.screenshot("banner-countdown");
        browser.resize(Browser.PHONE);
        browser.screenshot("banner-countdown-phone");
        browser.resize(Browser.DESKTOP);

        browser.waiting(PATIENCE).until(d -> "Maintenance in progress".equals(browser.bannerPart("title")));
        assertEquals(MESSAGE, browser.bannerPart("text"));
        assertTrue(browser.bannerPart("when").startsWith("Expected back in"), browser.bannerPart("when"));
        assertEquals("Orders", browser.text("app-title"), "the page loaded before the window stays");
        browser.screenshot("banner-in-progress");

        browser.driver.navigate().refresh();
        assertEquals("Down for maintenance", browser.driver.getTitle());
        assertTrue(browser.driver.getPageSource().contains(MESSAGE));
        browser.until(d -> browser.visible("intermission-reload"));
        assertTrue(browser.text("intermission-reload").contains("reloads by itself"));
        browser.script("window.refusedPage = true;");
        browser.screenshot("refused-page-waits");
        browser.resize(Browser.PHONE);
        browser.screenshot("refused-page-waits-phone");
        browser.resize(Browser.DESKTOP);

        browser.waiting(PATIENCE).until(d -> !d.findElements(By.id("app-title")).isEmpty());
        assertNull(browser.script("return window.refusedPage;"), "the page was reloaded, not edited");
        assertEquals("Orders", browser.text("app-title"));
        browser.waiting(PATIENCE).until(d -> browser.banner() == null
                || !"Maintenance in progress".equals(browser.bannerPart("title")));
        browser.screenshot("back-after-the-window");
    }

    @Test
    void windowWithANoticeTime_bannerStaysHiddenUntilThen_andThenCountsDownToTheStart() {
        Instant notice = Instant.now().plus(NOTICE_IN);
        Instant start = notice.plus(Duration.ofMinutes(30));
        app.service.apply(MaintenanceChange.schedule(new ScheduledWindow(start, start.plus(Duration.ofHours(1)),
                Mode.READ_ONLY, MESSAGE, notice)).actor("ops").build());

        browser.driver.get(app.board().toString());
        // The banner has read the status once: before the notice time, it shows nothing.
        browser.until(d -> ((Number) browser.script("return performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.endsWith('/status.json')).length;")).intValue() >= 1);
        Instant checked = Instant.now();
        assertNull(browser.banner(), "no banner before the notice time");
        assertTrue(checked.isBefore(notice), "checked before the notice time (" + checked + ", " + notice + ")");
        for (JsonNode listed : Http.send("GET", app.statusJson(), null).json().path("scheduled_maintenances")) {
            assertEquals("completed", listed.path("status").asText(), "only from its notice time: " + listed);
        }
        browser.screenshot("banner-before-notice");

        browser.waiting(PATIENCE).until(d -> "Scheduled maintenance".equals(browser.bannerPart("title")));
        assertTrue(!Instant.now().isBefore(notice), "shown from the notice time on");
        assertTrue(browser.bannerPart("text").startsWith(MESSAGE + ". Changes will be refused from "),
                browser.bannerPart("text"));
        assertTrue(browser.bannerPart("when").matches("Starts in (29|30) min \\d\\d s"), browser.bannerPart("when"));
        String first = browser.bannerPart("when");
        browser.until(d -> !first.equals(browser.bannerPart("when")));
        assertTrue(browser.bannerPart("when").matches("Starts in (29|30) min \\d\\d s"), "it counts down: "
                + browser.bannerPart("when"));
        browser.screenshot("banner-from-notice");
    }

    @Test
    void refusedPageWithoutScripts_stillSaysWhatIsGoingOn() {
        app.service.apply(MaintenanceChange.enable(Mode.FULL).message(MESSAGE).until(Instant.now().plusSeconds(600))
                .actor("ops").build());
        String page = Http.send("GET", app.orders(), null, "Accept", "text/html").body();
        assertTrue(page.contains("<p>" + MESSAGE + "</p>"), page);
        assertTrue(page.contains("Back in about 10 minutes"), page);
        assertTrue(page.contains("<script src=\"/service-context/reload.js\" data-mode=\"full\""), page);
    }
}
