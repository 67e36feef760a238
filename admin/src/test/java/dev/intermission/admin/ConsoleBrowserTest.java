package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceChange;
import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.Origin;
import dev.intermission.notify.Notifier;

/**
 * The operator console in a real headless Chromium against a real server (the filter, the admin endpoint and an
 * order page in Jetty): signing in, switching modes with a message and a confirmation, a concurrent change from
 * the command line shown as a conflict, scheduling a window and seeing it in the public status and the banner,
 * paging through the history, the migration windows with their phases, a window's notice time, maintenance that
 * ends by itself, the notifications with every delivery attempt, at desktop and phone widths and by keyboard alone. Each step leaves a screenshot under {@code target/screenshots/console/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String WRONG_TOKEN = "not-the-right-token-000000";

    private static ConsoleServer app;
    private static Browser browser;
    /** A second service on the same database, as the command line uses. */
    private static MaintenanceService cli;

    @BeforeAll
    static void start() {
        if (!Browser.installed()) {
            return;
        }
        app = ConsoleServer.start();
        cli = Maintenance.newBuilder().dataSource(app.dataSource).build();
        browser = Browser.start("console");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cli != null) {
            cli.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void resetState() {
        Browser.assumeInstalled();
        app.reset();
        browser.resize(Browser.DESKTOP);
        browser.clearLog();
    }

    @AfterEach
    void noScriptErrors() {
        if (browser != null) {
            browser.assertNoScriptErrors();
        }
    }

    // ------------------------------------------------------------------ steps

    private void openConsole() {
        browser.driver.get(app.console().toString());
        browser.until(d -> !browser.text("mode-badge").equals("Loading"));
    }

    private void typeToken(String token) {
        WebElement field = browser.byId("token");
        field.clear();
        field.sendKeys(token);
        browser.byId("signin-button").click();
    }

    private void signIn() {
        typeToken(ConsoleServer.TOKEN);
        browser.until(d -> browser.visible("signed-in"));
        browser.until(d -> browser.visible("change"));
    }

    private void chooseMode(String mode, String message, String until) {
        browser.driver.findElement(By.cssSelector("input[name=mode][value='" + mode + "']")).click();
        if (message != null) {
            WebElement field = browser.byId("change-message");
            field.clear();
            field.sendKeys(message);
        }
        if (until != null) {
            new Select(browser.byId("change-until-choice")).selectByValue(until);
        }
        browser.driver.findElement(By.cssSelector("#change-form button[type=submit]")).click();
        browser.until(d -> browser.byId("confirm").isDisplayed());
    }

    private void confirm() {
        browser.byId("confirm-ok").click();
        browser.until(d -> !browser.byId("confirm").isDisplayed());
    }

    private void waitForBadge(String text) {
        browser.until(d -> browser.text("mode-badge").equals(text));
    }

    /** Sets a datetime-local field to the browser's local time plus an offset, as a user picking it would. */
    private void setLocalTime(String id, Duration fromNow) {
        browser.script("const pad = (n) => String(n).padStart(2, '0');"
                + "const d = new Date(Date.now() + arguments[1]);"
                + "arguments[0].value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T'"
                + " + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.byId(id), fromNow.toMillis());
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void signIn_wrongTokenIsRefusedWithAMessage_andTheRightOneSignsIn() {
        openConsole();
        assertEquals("Open", browser.text("mode-badge"), "the public state is shown before signing in");
        assertFalse(browser.visible("change"), "no change form before signing in");
        browser.screenshot("public-state");

        typeToken(WRONG_TOKEN);
        browser.until(d -> browser.visible("signin-error"));
        assertTrue(browser.text("signin-error").contains("that token is not valid"), browser.text("signin-error"));
        assertEquals("true", browser.byId("token").getAttribute("aria-invalid"));
        assertFalse(browser.visible("signed-in"));
        browser.screenshot("wrong-token");

        signIn();
        assertFalse(browser.visible("signin-error"));
        assertTrue(browser.visible("schedule"));
        assertNull(browser.script("return window.sessionStorage.getItem('intermission.console.token');"),
                "the token is kept in memory unless asked");
        assertEquals("", browser.script("return document.cookie;"), "no cookie is set");
        browser.screenshot("signed-in");
    }

    @Test
    @Order(2)
    void readOnlyWithAMessage_confirmed_andTheApplicationRefusesAPost() {
        openConsole();
        signIn();
        long shown = app.service.status().version();
        chooseMode("read-only", "Read-only while we move the database", "30");
        String summary = browser.text("confirm-summary");
        assertTrue(summary.contains("Read-only") && summary.contains("Read-only while we move the database"), summary);
        assertTrue(browser.text("confirm-version").contains("version " + shown), browser.text("confirm-version"));
        browser.screenshot("confirm-read-only");
        assertEquals(Mode.OFF, app.service.status().mode(), "nothing changes before the confirmation");

        confirm();
        waitForBadge("Read-only");
        assertEquals("Read-only while we move the database", browser.text("f-message"));
        assertTrue(browser.text("f-until").contains("in 30 minutes") || browser.text("f-until").contains("in 29"),
                browser.text("f-until"));
        MaintenanceStatus status = app.service.status();
        assertEquals(Mode.READ_ONLY, status.mode());
        assertEquals("ops", status.changedBy(), "changed under the token's name");
        assertNotNull(status.until());
        browser.screenshot("read-only");

        browser.driver.get(app.orders().toString());
        assertEquals("Orders", browser.text("app-title"), "reads still pass");
        browser.until(d -> "Read-only maintenance".equals(browser.bannerPart("title")));
        assertEquals("Read-only while we move the database", browser.bannerPart("text"));
        browser.screenshot("app-read-only-banner");

        browser.byId("order").click();
        browser.until(d -> d.getTitle().equals("Down for maintenance"));
        String page = browser.driver.getPageSource();
        assertTrue(page.contains("Read-only while we move the database"), page);
        assertFalse(page.contains("Order stored"));
        assertTrue(browser.driver.findElements(By.id("intermission-reload")).isEmpty(),
                "a refused POST is not reloaded (it would be sent again)");
        browser.screenshot("app-post-refused");
    }

    @Test
    @Order(3)
    void concurrentChangeFromTheCommandLine_showsAsAConflict_notALostUpdate() {
        openConsole();
        signIn();
        // The page must show the state as it is now: the reset between tests may have been made elsewhere.
        long shown = app.service.refresh().version();
        browser.until(d -> browser.text("f-version").equals(Long.toString(shown)));
        chooseMode("full", "Full stop for the upgrade", null);
        cli.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Read-only from the command line")
                .actor("cli-ops").origin(Origin.CLI).build());

        confirm();
        browser.until(d -> browser.visible("conflict"));
        String conflict = browser.text("conflict-text");
        // The page's write carried the version it showed, older than the command line's: refused, not applied.
        assertTrue(conflict.contains("This page showed version ") && conflict.contains("but the state is now at "
                + "version "), conflict);
        waitForBadge("Read-only");
        assertEquals("Read-only from the command line", browser.text("f-message"));
        assertEquals(Mode.READ_ONLY, app.service.status().mode(), "the command line's change stands");
        assertEquals(shown + 1, app.service.status().version(), "the console wrote nothing");
        browser.screenshot("conflict");

        browser.byId("conflict-dismiss").click();
        assertFalse(browser.visible("conflict"));
    }

    @Test
    @Order(4)
    void scheduledWindow_showsInThePublicStatusAndTheBanner_andCanBeCancelled() {
        openConsole();
        signIn();
        setLocalTime("schedule-start", Duration.ofHours(26));
        setLocalTime("schedule-end", Duration.ofHours(28));
        new Select(browser.byId("schedule-mode")).selectByValue("full");
        String message = "Planned upgrade <b>not bold</b> & more";
        browser.byId("schedule-message").sendKeys(message);
        browser.driver.findElement(By.cssSelector("#schedule-form button[type=submit]")).click();
        browser.until(d -> browser.byId("confirm").isDisplayed());
        assertTrue(browser.text("confirm-summary").contains("2 h 0 min"), browser.text("confirm-summary"));
        browser.screenshot("confirm-window");
        confirm();
        browser.until(d -> browser.text("f-window").contains("(upcoming)"));
        assertTrue(browser.text("f-window").contains(message), browser.text("f-window"));
        assertTrue(browser.visible("schedule-cancel"));
        browser.screenshot("window-scheduled");

        JsonNode status = Http.send("GET", app.statusJson(), null).json();
        JsonNode item = status.path("scheduled_maintenances").get(0);
        assertEquals("scheduled", item.path("status").asText());
        assertEquals(message, item.path("name").asText());
        assertEquals(app.service.status().window().start().toString(), item.path("scheduled_for").asText());

        browser.driver.get(app.orders().toString());
        browser.until(d -> "Scheduled maintenance".equals(browser.bannerPart("title")));
        assertTrue(browser.bannerPart("text").startsWith(message), browser.bannerPart("text"));
        assertTrue(browser.bannerPart("when").startsWith("Starts in 1 d"), browser.bannerPart("when"));
        assertTrue(browser.driver.findElements(By.tagName("b")).isEmpty(), "markup in the message stays text");
        browser.screenshot("banner-scheduled");
        browser.resize(Browser.PHONE);
        browser.screenshot("banner-scheduled-phone");
        browser.resize(Browser.DESKTOP);

        openConsole();
        signIn();
        browser.until(d -> browser.visible("schedule-cancel"));
        browser.byId("schedule-cancel").click();
        browser.until(d -> browser.byId("confirm").isDisplayed());
        confirm();
        browser.until(d -> browser.text("f-window").equals("none"));
        assertNull(app.service.status().window());
        for (JsonNode listed : Http.send("GET", app.statusJson(), null).json().path("scheduled_maintenances")) {
            assertEquals("completed", listed.path("status").asText(), "only ended maintenances are left: " + listed);
            assertEquals("manual", listed.path("kind").asText(), "a cancelled window never ran: " + listed);
        }
        browser.screenshot("window-cancelled");
    }

    @Test
    @Order(5)
    void disable_opensTheApplicationAgain() {
        openConsole();
        signIn();
        chooseMode("full", "Down for the upgrade", "60");
        confirm();
        waitForBadge("Down for maintenance");
        browser.driver.get(app.orders().toString());
        assertEquals("Down for maintenance", browser.driver.getTitle());
        assertTrue(browser.driver.getPageSource().contains("Down for the upgrade"));
        browser.screenshot("app-full");

        openConsole();
        signIn();
        chooseMode("off", null, null);
        assertTrue(browser.text("confirm-title").contains("off"), browser.text("confirm-title"));
        confirm();
        waitForBadge("Open");
        assertEquals(Mode.OFF, app.service.status().effectiveMode());
        browser.screenshot("switched-off");
        browser.driver.get(app.orders().toString());
        assertEquals("Orders", browser.text("app-title"));
    }

    @Test
    @Order(6)
    void history_pagesThroughTheChanges() {
        for (int i = 0; i < 12; i++) {
            cli.apply(MaintenanceChange.enable(Mode.READ_ONLY).message("Step " + i).actor("cli-ops")
                    .origin(Origin.CLI).build());
            cli.apply(MaintenanceChange.disable().actor("cli-ops").origin(Origin.CLI).build());
        }
        long newest = cli.status().version();
        openConsole();
        signIn();
        browser.until(d -> browser.visible("history-table"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#history-rows tr"));
        assertEquals(10, rows.size());
        assertEquals(Long.toString(newest), rows.get(0).findElement(By.cssSelector("td")).getText());
        assertEquals("Changes 1–10", browser.text("history-page"));
        assertFalse(browser.byId("history-older").getAttribute("disabled") != null);
        assertNotNull(browser.byId("history-newer").getAttribute("disabled"));

        browser.byId("history-older").click();
        browser.until(d -> browser.text("history-page").equals("Changes 11–20"));
        WebElement first = browser.driver.findElement(By.cssSelector("#history-rows tr td"));
        assertEquals(Long.toString(newest - 10), first.getText());
        assertTrue(browser.text("history-rows").contains("Command line"), browser.text("history-rows"));
        browser.screenshot("history-page-2");

        browser.byId("history-newer").click();
        browser.until(d -> browser.text("history-page").equals("Changes 1–10"));
        browser.resize(Browser.PHONE);
        browser.screenshot("history-phone", "history");
    }

    @Test
    @Order(7)
    void migrationWindows_showTheirPhasesDurationsAndFailureReason() {
        openConsole();
        signIn();
        browser.until(d -> browser.visible("migrations"));
        browser.until(d -> d.findElements(By.cssSelector("#migrations-list > li")).size() == 2);
        List<WebElement> windows = browser.driver.findElements(By.cssSelector("#migrations-list > li"));
        WebElement failed = windows.get(0);
        assertEquals("Failed", failed.findElement(By.cssSelector(".badge")).getText());
        WebElement failedPhase = failed.findElement(By.cssSelector(".phase.failed"));
        assertTrue(failedPhase.getText().startsWith("Migrate"), failedPhase.getText());
        assertTrue(failedPhase.getText().endsWith("(failed)"), failedPhase.getText());
        String reason = failed.findElement(By.cssSelector(".reason")).getText();
        assertTrue(reason.startsWith("Failure in migrate:") && reason.contains("V3__create_carts.sql"), reason);
        failed.findElement(By.cssSelector(".reason-more summary")).click();
        String whole = failed.findElement(By.cssSelector(".reason-more pre")).getText();
        assertTrue(whole.toUpperCase(java.util.Locale.ROOT).contains("NO_SUCH_PRODUCTS"), whole);

        WebElement succeeded = windows.get(1);
        assertEquals("Succeeded", succeeded.findElement(By.cssSelector(".badge")).getText());
        List<String> phases = succeeded.findElements(By.cssSelector(".phase")).stream().map(WebElement::getText)
                .toList();
        assertTrue(phases.stream().anyMatch(p -> p.matches("Migrate \\d+(\\.\\d)? m?s")), phases.toString());
        assertTrue(phases.stream().anyMatch(p -> p.startsWith("Drain ")), phases.toString());
        assertTrue(succeeded.getText().contains("none → 2"), succeeded.getText());
        assertTrue(succeeded.getText().contains("deploy-pipeline"), succeeded.getText());
        browser.screenshot("migration-windows");
        browser.resize(Browser.PHONE);
        browser.screenshot("migration-windows-phone", "migrations");
    }

    @Test
    @Order(8)
    void markupInAMessage_showsAsText() {
        String message = "<img src=x onerror=\"window.pwned=1\"> & <script>window.pwned=2</script>";
        cli.apply(MaintenanceChange.enable(Mode.FULL).message(message).actor("<b>cli</b>").origin(Origin.CLI)
                .build());
        openConsole();
        signIn();
        browser.until(d -> browser.text("f-message").equals(message));
        assertTrue(browser.byId("f-message").findElements(By.cssSelector("img, script")).isEmpty());
        assertTrue(browser.text("f-changed").startsWith("<b>cli</b>"), browser.text("f-changed"));
        browser.until(d -> browser.visible("history-table"));
        assertTrue(browser.text("history-rows").contains(message));
        assertNull(browser.script("return window.pwned;"), "no markup from the data ran");
        browser.screenshot("markup-as-text");
    }

    @Test
    @Order(9)
    void phoneWidthAndKeyboardOnly_signInAndSwitchToReadOnly() {
        browser.resize(Browser.PHONE);
        openConsole();
        Actions keys = new Actions(browser.driver);
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("skip", activeClass());
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("token", activeId());
        keys.sendKeys(ConsoleServer.TOKEN + Keys.ENTER).perform();
        browser.until(d -> browser.visible("signed-in"));
        assertEquals("signout", activeId(), "focus moves to what comes next");
        browser.screenshot("phone-signed-in");

        keys.sendKeys(Keys.TAB).perform();
        assertEquals("off", browser.driver.switchTo().activeElement().getAttribute("value"));
        keys.sendKeys(Keys.ARROW_DOWN).perform();
        assertEquals("read-only", browser.driver.switchTo().activeElement().getAttribute("value"));
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("change-message", activeId());
        keys.sendKeys("Typed on a phone").perform();
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("change-until-choice", activeId());
        keys.sendKeys(Keys.TAB).perform();
        keys.sendKeys(Keys.ENTER).perform();
        browser.until(d -> browser.byId("confirm").isDisplayed());
        assertEquals("confirm-ok", activeId(), "the confirmation has the focus");
        browser.screenshot("phone-confirm");
        keys.sendKeys(Keys.ENTER).perform();
        waitForBadge("Read-only");
        assertEquals("Typed on a phone", app.service.status().message());
        browser.screenshot("phone-read-only", "state");
        Number overflow = (Number) browser.script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, overflow.intValue(), "nothing is wider than the phone's screen");
    }

    @Test
    @Order(10)
    void instances_shownFromTheEndpoint_andEveryValueShownAsText() {
        openConsole();
        signIn();
        browser.until(d -> browser.visible("instances"));
        String local = app.service.instances().instances().get(0).id();
        List<WebElement> live = browser.driver.findElements(By.cssSelector("#instances-rows tr"));
        assertEquals(app.service.instances().live(), live.size(), "one row per live instance");
        assertTrue(live.stream().anyMatch(row -> row.getText().contains(local)), "the local instance is listed");

        app.instancesJson = "{\"instances\": [{\"instance\": \"web-1\", \"mode\": \"off\", "
                + "\"lastSeen\": \"2030-01-01T10:00:00Z\", \"note\": \"<i>markup</i>\"}, "
                + "{\"instance\": \"web-2\", \"mode\": \"off\", \"lastSeen\": \"2030-01-01T10:00:02Z\"}]}";
        try {
            openConsole();
            signIn();
            browser.until(d -> browser.visible("instances"));
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("#instances-rows tr"));
            assertEquals(2, rows.size());
            assertTrue(rows.get(0).getText().contains("web-1") && rows.get(0).getText().contains("<i>markup</i>"),
                    rows.get(0).getText());
            assertTrue(browser.byId("instances").findElements(By.tagName("i")).isEmpty());
            assertEquals("Last seen", browser.driver.findElements(By.cssSelector("#instances-head th")).get(2)
                    .getText());
            browser.screenshot("instances", "instances");
        } finally {
            app.instancesJson = null;
        }
    }

    @Test
    @Order(11)
    void windowWithANoticeTime_scheduledFromTheConsole_isNotPublicUntilThen() {
        openConsole();
        signIn();
        setLocalTime("schedule-start", Duration.ofHours(26));
        setLocalTime("schedule-end", Duration.ofHours(28));
        setLocalTime("schedule-notice", Duration.ofHours(25));
        String message = "Announced an hour before";
        browser.byId("schedule-message").sendKeys(message);
        browser.driver.findElement(By.cssSelector("#schedule-form button[type=submit]")).click();
        browser.until(d -> browser.byId("confirm").isDisplayed());
        assertTrue(browser.text("confirm-summary").contains("Public\nfrom "), browser.text("confirm-summary"));
        confirm();
        browser.until(d -> browser.text("f-window").contains("Not public yet: announced from"));
        browser.screenshot("window-with-notice", "state");

        assertNotNull(app.service.status().window().noticeAt());
        for (JsonNode listed : Http.send("GET", app.statusJson(), null).json().path("scheduled_maintenances")) {
            assertEquals("completed", listed.path("status").asText(), "only from its notice time: " + listed);
        }
        JsonNode anonymous = Http.send("GET", app.admin(), null).json();
        assertFalse(anonymous.path("upcomingWindow").asBoolean(), anonymous.toString());
        assertTrue(anonymous.path("window").isNull(), anonymous.toString());
    }

    @Test
    @Order(12)
    void noticeTimeAfterTheStart_isRefusedInThePage_andNothingIsSent() {
        openConsole();
        signIn();
        long version = app.service.status().version();
        setLocalTime("schedule-start", Duration.ofHours(26));
        setLocalTime("schedule-end", Duration.ofHours(28));
        setLocalTime("schedule-notice", Duration.ofHours(27));
        browser.driver.findElement(By.cssSelector("#schedule-form button[type=submit]")).click();
        browser.until(d -> browser.visible("schedule-error"));
        assertEquals("Announce from: must not be after the start.", browser.text("schedule-error"));
        assertEquals("true", browser.byId("schedule-notice").getAttribute("aria-invalid"));
        assertEquals(version, app.service.status().version());
    }

    @Test
    @Order(13)
    void endByItself_switchesOnNow_andReopensWithoutAWrite() {
        openConsole();
        signIn();
        browser.driver.findElement(By.cssSelector("input[name=mode][value='read-only']")).click();
        browser.byId("change-message").sendKeys("Copying the catalogue");
        new Select(browser.byId("change-until-choice")).selectByValue("at");
        setLocalTime("change-until", Duration.ofSeconds(8));
        browser.byId("change-auto-off").click();
        browser.driver.findElement(By.cssSelector("#change-form button[type=submit]")).click();
        browser.until(d -> browser.byId("confirm").isDisplayed());
        assertTrue(browser.text("confirm-summary").contains("by itself"), browser.text("confirm-summary"));
        browser.screenshot("confirm-end-by-itself");
        confirm();
        waitForBadge("Read-only");
        MaintenanceStatus on = app.service.status();
        assertEquals(Mode.OFF, on.mode(), "nothing switched on by hand");
        assertEquals(Mode.READ_ONLY, on.effectiveMode());
        assertNotNull(on.activeWindow().orElse(null));
        browser.screenshot("ends-by-itself");

        browser.waiting(Duration.ofSeconds(30)).until(d -> browser.text("mode-badge").equals("Open"));
        assertEquals(on.version(), app.service.status().version(), "reopened by the clock, not by a write");
    }

    @Test
    @Order(14)
    void endByItself_withoutAnExpectedEnd_isRefusedInThePage() {
        openConsole();
        signIn();
        browser.driver.findElement(By.cssSelector("input[name=mode][value='full']")).click();
        browser.byId("change-auto-off").click();
        browser.driver.findElement(By.cssSelector("#change-form button[type=submit]")).click();
        browser.until(d -> browser.visible("change-error"));
        assertEquals("End by itself: choose an expected end.", browser.text("change-error"));
        assertEquals(Mode.OFF, app.service.status().effectiveMode());
        browser.byId("change-auto-off").click();
    }

    @Test
    @Order(15)
    void notifications_showEachDeliveryAndEveryAttempt() {
        try (HookReceiver receiver = new HookReceiver(1);
                Notifier notifier = NotificationsRouteJettyTest.notifier(app.service, receiver)) {
            app.service.enable(Mode.FULL, "Upgrading <b>the database</b>", "alice");
            assertTrue(notifier.awaitIdle(Duration.ofSeconds(30)));
            openConsole();
            signIn();
            browser.until(d -> browser.visible("notifications"));
            WebElement item = browser.driver.findElement(By.cssSelector("#notifications-list li.notification"));
            String text = item.getText();
            assertTrue(text.startsWith("Started"), text);
            assertTrue(text.contains("team-chat: 2 attempts"), text);
            List<WebElement> attempts = item.findElements(By.cssSelector(".attempts li"));
            assertEquals(2, attempts.size(), text);
            assertTrue(attempts.get(0).getText().startsWith("#1 ") && attempts.get(0).getText().contains("HTTP 500"),
                    attempts.get(0).getText());
            assertTrue(attempts.get(1).getText().startsWith("#2 ") && attempts.get(1).getText().contains("accepted")
                    && attempts.get(1).getText().contains("HTTP 204"), attempts.get(1).getText());
            assertTrue(browser.byId("notifications").findElements(By.tagName("b")).isEmpty(), "text, not markup");
            browser.screenshot("notifications", "notifications");
        }
    }

    private String activeId() {
        return browser.driver.switchTo().activeElement().getAttribute("id");
    }

    private String activeClass() {
        return browser.driver.switchTo().activeElement().getAttribute("class");
    }
}
