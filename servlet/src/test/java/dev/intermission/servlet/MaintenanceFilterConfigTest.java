package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intermission.InvalidValueException;
import dev.intermission.Maintenance;

class MaintenanceFilterConfigTest {

    @Test
    void newBuilder_defaults_nothingAllowListedAndNoBypass() {
        MaintenanceFilterConfig c = MaintenanceFilterConfig.newBuilder().build();
        assertEquals(List.of(), c.allowPaths());
        assertEquals(Optional.empty(), c.adminPath());
        assertEquals(List.of(), c.allowIps());
        assertEquals(List.of(), c.trustedProxies());
        assertFalse(c.bypassEnabled());
        assertEquals("/_intermission/bypass", c.bypassPath());
        assertEquals("Intermission-Bypass", c.bypassHeader());
        assertEquals("intermission_bypass", c.bypassCookieName());
        assertEquals(Duration.ofHours(12), c.bypassCookieTtl());
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), c.safeMethods());
        assertEquals(Duration.ofMinutes(5), c.defaultRetryAfter());
        assertEquals(Maintenance.DEFAULT_SERVICE_NAME, c.serviceName());
        assertEquals(Maintenance.DEFAULT_REFRESH_INTERVAL, c.refreshInterval());
        assertEquals("", c.tablePrefix());
        assertTrue(c.htmlTemplate().contains("{{message}}"));
    }

    @Test
    void fromInitParameters_everyOption_read() {
        Map<String, String> p = new HashMap<>();
        p.put(MaintenanceFilterConfig.PARAM_ALLOW_PATHS, "/health,\n /static/**  *.css");
        p.put(MaintenanceFilterConfig.PARAM_ADMIN_PATH, "/service-context");
        p.put(MaintenanceFilterConfig.PARAM_ALLOW_IPS, "10.0.0.0/8, 2001:db8::/32");
        p.put(MaintenanceFilterConfig.PARAM_TRUSTED_PROXIES, "127.0.0.1/32");
        p.put(MaintenanceFilterConfig.PARAM_BYPASS_SECRET, "0123456789abcdef");
        p.put(MaintenanceFilterConfig.PARAM_BYPASS_PATH, "/preview");
        p.put(MaintenanceFilterConfig.PARAM_BYPASS_HEADER, "X-Preview");
        p.put(MaintenanceFilterConfig.PARAM_BYPASS_COOKIE_NAME, "preview");
        p.put(MaintenanceFilterConfig.PARAM_BYPASS_COOKIE_TTL, "2h");
        p.put(MaintenanceFilterConfig.PARAM_SAFE_METHODS, "get, head");
        p.put(MaintenanceFilterConfig.PARAM_DEFAULT_RETRY_AFTER, "120");
        p.put(MaintenanceFilterConfig.PARAM_HTML_TEMPLATE, "<p>{{message}}</p>");
        p.put(MaintenanceFilterConfig.PARAM_SERVICE_NAME, "billing");
        p.put(MaintenanceFilterConfig.PARAM_REFRESH_INTERVAL, "PT5S");
        p.put(MaintenanceFilterConfig.PARAM_TABLE_PREFIX, "app_");
        p.put(MaintenanceFilterConfig.PARAM_JDBC_URL, "jdbc:h2:mem:x");
        p.put("other.filter.param", "ignored");
        MaintenanceFilterConfig c = MaintenanceFilterConfig.fromInitParameters(p);
        assertEquals(List.of("/health", "/static/**", "*.css"), c.allowPaths());
        assertEquals(Optional.of("/service-context"), c.adminPath());
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), c.allowIps());
        assertEquals(List.of("127.0.0.1/32"), c.trustedProxies());
        assertTrue(c.bypassEnabled());
        assertEquals("/preview", c.bypassPath());
        assertEquals("X-Preview", c.bypassHeader());
        assertEquals("preview", c.bypassCookieName());
        assertEquals(Duration.ofHours(2), c.bypassCookieTtl());
        assertEquals(Set.of("GET", "HEAD"), c.safeMethods());
        assertEquals(Duration.ofMinutes(2), c.defaultRetryAfter());
        assertEquals("<p>{{message}}</p>", c.htmlTemplate());
        assertEquals("billing", c.serviceName());
        assertEquals(Duration.ofSeconds(5), c.refreshInterval());
        assertEquals("app_", c.tablePrefix());
        assertFalse(c.toString().contains("0123456789abcdef"), "the secret never shows: " + c);
    }

    @Test
    void fromInitParameters_blankValues_meanTheDefaults() {
        Map<String, String> p = new HashMap<>();
        for (String name : paramNames()) {
            p.put(name, "  ");
        }
        MaintenanceFilterConfig c = MaintenanceFilterConfig.fromInitParameters(p);
        assertFalse(c.bypassEnabled());
        assertEquals(List.of(), c.allowPaths());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "intermission.allowPaths|/health, /a/../b",
            "intermission.allowPaths|/**",
            "intermission.allowPaths|health",
            "intermission.adminPath|service-context",
            "intermission.adminPath|/",
            "intermission.allowIps|10.0.0.0/33",
            "intermission.allowIps|10.0.0.1/8",
            "intermission.allowIps|localhost",
            "intermission.trustedProxies|127.0.0.1/32, nonsense",
            "intermission.bypassSecret|too-short",
            "intermission.bypassSecret|has a space in it, long enough",
            "intermission.bypassPath|bypass",
            "intermission.bypassPath|/a/",
            "intermission.bypassHeader|Bad Header",
            "intermission.bypassCookieName|bad=name",
            "intermission.bypassCookieTtl|soon",
            "intermission.bypassCookieTtl|10s",
            "intermission.bypassCookieTtl|P60D",
            "intermission.safeMethods|GET, G(E)T",
            "intermission.defaultRetryAfter|0",
            "intermission.defaultRetryAfter|P30D",
            "intermission.htmlTemplate|{{nope}}",
            "intermission.serviceName|bad name",
            "intermission.refreshInterval|1ms",
            "intermission.tablePrefix|1bad",
            "intermission.allowPath|/health",
            "intermission.bypassSecrets|0123456789abcdef",
            "intermission.allowpaths|/health",
            "Intermission.allowPaths|/health",
            "INTERMISSION.BYPASSSECRET|0123456789abcdef",
    })
    void fromInitParameters_badValue_failsNamingTheParameter(String name, String value) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> MaintenanceFilterConfig.fromInitParameters(Map.of(name, value)));
        assertEquals(name, e.field());
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        if (name.equals(MaintenanceFilterConfig.PARAM_BYPASS_SECRET)) {
            assertFalse(e.getMessage().contains(value), "the secret is never echoed: " + e.getMessage());
        }
    }

    @Test
    void builder_shortSecret_rejected() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> MaintenanceFilterConfig.newBuilder().bypassSecret("fifteen-chars-x"));
        assertEquals("bypassSecret: must be at least 16 characters, was 15", e.getMessage());
    }

    @Test
    void builder_badValues_throwTheTypedErrorNamingTheField() {
        MaintenanceFilterConfig.Builder b = MaintenanceFilterConfig.newBuilder();
        assertEquals("bypassCookieTtl", assertThrows(InvalidValueException.class,
                () -> b.bypassCookieTtl(Duration.ofSeconds(5))).field());
        assertEquals("defaultRetryAfter", assertThrows(InvalidValueException.class,
                () -> b.defaultRetryAfter(null)).field());
        assertEquals("refreshInterval", assertThrows(InvalidValueException.class,
                () -> b.refreshInterval(Duration.ofHours(2))).field());
        assertEquals("serviceName", assertThrows(InvalidValueException.class, () -> b.serviceName("a b")).field());
        assertEquals("tablePrefix", assertThrows(InvalidValueException.class, () -> b.tablePrefix("_x")).field());
        assertEquals("bypassHeader", assertThrows(InvalidValueException.class, () -> b.bypassHeader("a b")).field());
        assertEquals("safeMethods", assertThrows(InvalidValueException.class, () -> b.safeMethods("G E T")).field());
        assertEquals("allowIps", assertThrows(InvalidValueException.class, () -> b.allowIps("10.0.0.0/33")).field());
        assertEquals("htmlTemplate", assertThrows(InvalidValueException.class, () -> b.htmlTemplate("{{x}}")).field());
        assertEquals(Duration.ofMinutes(1), b.bypassCookieTtl(Duration.ofMinutes(1)).build().bypassCookieTtl());
    }

    @Test
    void builder_nullLists_throwTheTypedErrorNamingTheField_notANullPointerException() {
        MaintenanceFilterConfig.Builder b = MaintenanceFilterConfig.newBuilder();
        assertEquals("allowPaths", assertThrows(InvalidValueException.class,
                () -> b.allowPaths((String[]) null)).field());
        assertEquals("allowIps", assertThrows(InvalidValueException.class, () -> b.allowIps((String[]) null)).field());
        assertEquals("trustedProxies", assertThrows(InvalidValueException.class,
                () -> b.trustedProxies((String[]) null)).field());
        assertEquals("safeMethods", assertThrows(InvalidValueException.class,
                () -> b.safeMethods((String[]) null)).field());
    }

    @Test
    void builder_outcomeListener_keptAndOptional() {
        RequestOutcomeListener listener = outcome -> { };
        assertEquals(Optional.of(listener), MaintenanceFilterConfig.newBuilder().outcomeListener(listener).build()
                .outcomeListener());
        assertEquals(Optional.empty(), MaintenanceFilterConfig.newBuilder().build().outcomeListener());
        assertEquals(Optional.empty(), MaintenanceFilterConfig.newBuilder().outcomeListener(listener)
                .outcomeListener(null).build().outcomeListener());
    }

    @Test
    void builder_collections_copiedAndImmutable() {
        List<String> paths = new ArrayList<>(List.of("/health"));
        MaintenanceFilterConfig c = MaintenanceFilterConfig.newBuilder().allowPaths(paths).build();
        paths.add("/other");
        assertEquals(List.of("/health"), c.allowPaths());
        assertThrows(UnsupportedOperationException.class, () -> c.allowPaths().add("/x"));
        assertThrows(UnsupportedOperationException.class, () -> c.safeMethods().add("POST"));
        assertThrows(IllegalArgumentException.class,
                () -> MaintenanceFilterConfig.newBuilder().allowPaths((List<String>) null));
    }

    @Test
    void paramConstants_allInTheNamespaceAndDistinct() {
        List<String> names = paramNames();
        assertEquals(20, names.size());
        assertEquals(names.size(), Set.copyOf(names).size());
        for (String name : names) {
            assertTrue(name.startsWith("intermission."), name);
        }
        assertTrue(names.containsAll(List.of("intermission.jdbcUrl", "intermission.jdbcUser",
                "intermission.jdbcPassword", "intermission.dataSourceJndi", "intermission.allowPaths")));
    }

    static List<String> paramNames() {
        List<String> names = new ArrayList<>();
        for (Field f : MaintenanceFilterConfig.class.getFields()) {
            if (f.getName().startsWith("PARAM_") && Modifier.isStatic(f.getModifiers())) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
