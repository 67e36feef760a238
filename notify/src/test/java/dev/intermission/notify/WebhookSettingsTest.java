package dev.intermission.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceService;
import dev.intermission.testing.Databases;

/**
 * Bad settings are refused as they are set, with an error that names the setting and never repeats a secret or
 * a URL that may carry a token; nothing starts.
 */
class WebhookSettingsTest {

    private Fixture fixture;
    private MaintenanceService service;

    @BeforeEach
    void start() {
        fixture = new Fixture(Databases.newH2());
        service = fixture.service();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static InvalidValueException refusedUrl(String url) {
        return assertThrows(InvalidValueException.class, () -> Webhook.newBuilder("ops").url(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "file:///etc/passwd", "javascript:alert(1)", "/relative/hook",
            "example.com/hook", "http://", "https:///path-only", "http://exa mple.com/", "mailto:ops@example.com",
            "http://example.com:0/hook", "http://example.com/hook#fragment", "  "})
    void badUrl_isRefused_namingTheSetting(String url) {
        InvalidValueException e = refusedUrl(url);
        assertEquals("webhooks.ops.url", e.field());
        assertTrue(e.getMessage().startsWith("webhooks.ops.url: "), e.getMessage());
    }

    @Test
    void urlWithCredentials_isRefused_withoutRepeatingThem() {
        InvalidValueException e = refusedUrl("https://deploy:hunter22@ops.example.com/hook");
        assertEquals("webhooks.ops.url", e.field());
        assertNull(e.value());
        assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
        assertTrue(e.problem().contains("must not contain credentials"), e.problem());
    }

    @Test
    void otherScheme_isNamedInTheError_butNotTheRestOfTheUrl() {
        InvalidValueException e = refusedUrl("gopher://ops.example.com/secret-token");
        assertEquals("gopher", e.value());
        assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
    }

    @Test
    void httpAndHttpsUrls_withPathAndQuery_areAccepted() {
        assertEquals("https", Webhook.newBuilder("ops").url("HTTPS://hooks.example.com/services/T0/B1/xyz?a=1")
                .secret(Fixture.SECRET).build().url().getScheme().toLowerCase(java.util.Locale.ROOT));
        Webhook chat = Webhook.newBuilder("chat").url("http://127.0.0.1:8080/hook").format(Webhook.Format.CHAT)
                .build();
        assertFalse(chat.signed(), "a chat webhook may go unsigned: its URL is its secret");
        assertEquals("Webhook[chat, http://127.0.0.1:8080, CHAT]", chat.toString());
    }

    @Test
    void jsonWebhook_needsASecret_andTheErrorNamesIt() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").url("https://ops.example.com/hook").build());
        assertEquals("webhooks.ops.secret", e.field());
        InvalidValueException shortSecret = assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").secret("short-secret"));
        assertEquals("webhooks.ops.secret", shortSecret.field());
        assertFalse(shortSecret.getMessage().contains("short-secret"), shortSecret.getMessage());
    }

    @Test
    void missingUrl_badName_badTimeouts_andNoEvents_areRefused_namingTheSetting() {
        assertEquals("webhooks.ops.url", assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").secret(Fixture.SECRET).build()).field());
        assertEquals("webhook.name", assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("has space")).field());
        assertEquals("webhooks.ops.readTimeout", assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").readTimeout(Duration.ofHours(1))).field());
        assertEquals("webhooks.ops.connectTimeout", assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").connectTimeout(Duration.ZERO)).field());
        assertEquals("webhooks.ops.events", assertThrows(InvalidValueException.class,
                () -> Webhook.newBuilder("ops").events()).field());
    }

    @Test
    void notifierSettings_areChecked_namingTheSetting() {
        Webhook ops = Webhook.newBuilder("ops").url("https://ops.example.com/hook").secret(Fixture.SECRET).build();
        Notifier.Builder b = Notifier.newBuilder(service).webhook(ops);
        assertEquals("webhooks", assertThrows(InvalidValueException.class, () -> b.webhook(ops)).field());
        assertEquals("remindBefore", assertThrows(InvalidValueException.class,
                () -> b.remindBefore(Duration.ofHours(1), Duration.ofHours(1))).field());
        assertEquals("remindBefore", assertThrows(InvalidValueException.class,
                () -> b.remindBefore(Duration.ofMillis(5))).field());
        assertEquals("maxAttempts", assertThrows(InvalidValueException.class, () -> b.maxAttempts(0)).field());
        assertEquals("maxRetryBackoff", assertThrows(InvalidValueException.class,
                () -> b.retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1))).field());
        assertEquals("pollInterval", assertThrows(InvalidValueException.class,
                () -> b.pollInterval(Duration.ofHours(1))).field());
        assertEquals("attributes", assertThrows(InvalidValueException.class,
                () -> b.attribute("bad name", "x")).field());
        assertEquals("attributes.contact", assertThrows(InvalidValueException.class,
                () -> b.attribute("contact", "line\u0007bell")).field());
        assertEquals("rollbackHints", assertThrows(InvalidValueException.class, () -> b.rollbackHint(" ")).field());
        assertEquals("textTemplate", assertThrows(InvalidValueException.class,
                () -> b.textTemplate("{{#report}}")).field());
        assertEquals("maintenance", assertThrows(InvalidValueException.class,
                () -> Notifier.newBuilder(null)).field());
    }

    @Test
    void eventTypes_parseInAnyCase_andRefuseOthers_namingTheField() {
        assertEquals(EventType.MIGRATED, EventType.parse("events", " Migrated "));
        assertEquals("migrated", EventType.MIGRATED.externalName());
        assertEquals("events", assertThrows(InvalidValueException.class, () -> EventType.parse("events", "done"))
                .field());
        assertEquals(List.of(EventType.values()).size(), Webhook.newBuilder("ops").url("https://x.example/h")
                .secret(Fixture.SECRET).build().events().size());
    }

    @Test
    void backupFacts_areChecked_namingTheField() {
        assertEquals("backup.sizeBytes", assertThrows(InvalidValueException.class,
                () -> Backup.newBuilder().sizeBytes(-1)).field());
        assertEquals("backup.location", assertThrows(InvalidValueException.class,
                () -> Backup.newBuilder().location("x".repeat(501))).field());
        assertEquals(List.of("location", "verified"), List.copyOf(Backup.newBuilder().verified(false)
                .location("/backups/1.dump").build().facts().keySet()));
    }
}
