package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationOutcome;
import dev.intermission.migration.MigrationResult;
import dev.intermission.migration.MigrationWindow;
import dev.intermission.migration.SchemaMigrator;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.admin.Http.Answer;
import dev.intermission.testing.Databases;

/**
 * Random and mutated requests against the admin endpoint in Jetty: valid bodies truncated, retyped, swollen,
 * sprinkled with odd unicode, nested, duplicated; wrong media types, odd methods and paths, junk credentials and
 * headers; and raw requests no well-behaved client would send. The oracle: never a 5xx, and the state moves
 * (version +1, one history row) exactly when a change is answered 200, never otherwise. The migrations routes are
 * in the corpus too, on a schema already migrated: an accepted POST answers "up to date" and changes nothing, so
 * no request may record a window or touch the schema.
 *
 * <p>Seeded: set {@code -Dintermission.fuzz.seed=N} to replay a failure.
 */
class AdminFuzzTest {

    private static final long SEED = Long.getLong("intermission.fuzz.seed", 0x1E7E55L);
    private static final int HTTP_CASES = 10_000;
    private static final int RAW_CASES = 600;
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final int MAX_BODY = 8192;

    private static DataSource dataSource;
    private static MaintenanceService service;
    private static AdminJetty jetty;
    private static SchemaMigrator migrator;
    private static String windowId;

    @BeforeAll
    static void start() {
        dataSource = Databases.newH2();
        service = Maintenance.newBuilder().dataSource(dataSource).build();
        migrator = FlywayMigrator.newBuilder().dataSource(dataSource).locations("classpath:db/shop").build();
        MigrationResult migrated = MigrationWindow.newBuilder(service, migrator).build().run();
        assertEquals(MigrationOutcome.SUCCEEDED, migrated.outcome(), migrated.error());
        windowId = migrated.windowId();
        jetty = AdminJetty.start(new MaintenanceAdminServlet(service, MaintenanceAdminConfig.newBuilder()
                .token("fuzz", TOKEN).maxBodyBytes(MAX_BODY).migrations(migrator).build()));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        service.close();
    }

    @Test
    void randomAndMutatedRequests_neverA5xxAndStateMovesOnlyOnSuccess() {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long successes = 0;
        int upToDate = 0;
        int statusPages = 0;
        long startVersion = service.status().version();
        long startHistory = historyRows();
        for (int i = 0; i < HTTP_CASES; i++) {
            Case c = httpCase(random);
            long before = service.status().version();
            Answer answer;
            try {
                answer = Http.send(c.request());
            } catch (java.io.UncheckedIOException e) {
                // A body over the limit may be refused unread and the connection closed while the client still
                // writes it: acceptable, as long as nothing changed.
                if (c.body() == null || c.body().length <= MAX_BODY) {
                    throw new AssertionError("case " + i + " (seed " + SEED + ") " + c + " failed to exchange", e);
                }
                answer = new Answer(0, null, "", null);
            }
            if (Boolean.getBoolean("intermission.fuzz.trace")) {
                System.out.println(i + " -> " + answer.status() + " v" + service.status().version() + " " + c);
            }
            successes += check(i, c.toString(), answer, before, c.mutating());
            if (c.uri().getPath().endsWith("/status.json") && answer.status() == 200) {
                assertTrue(!answer.body().contains("\"fuzz\"") && !answer.body().contains("127.0.0.1"),
                        "the public status names no operator and no address: " + answer.body());
                statusPages++;
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            if ("POST".equals(c.method()) && answer.status() == 200) {
                assertEquals("UP_TO_DATE", answer.json().path("outcome").asText(), c + " -> " + answer.body());
                upToDate++;
            }
        }
        for (int i = 0; i < RAW_CASES; i++) {
            byte[] raw = rawCase(random);
            long before = service.status().version();
            Answer answer = RawHttp.exchange(jetty.base(), raw);
            String shown = new String(raw, 0, Math.min(raw.length, 300), StandardCharsets.ISO_8859_1);
            String requestLine = shown.split("\r\n", 2)[0];
            if (answer.status() == 505 && !requestLine.endsWith(" HTTP/1.1") && !requestLine.endsWith(" HTTP/1.0")) {
                // The container refuses an unknown protocol version before any application code runs.
                statuses.merge(505, 1, Integer::sum);
                continue;
            }
            successes += check(HTTP_CASES + i, shown, answer, before, true);
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        long changes = service.status().version() - startVersion;
        assertEquals(successes, changes, "every accepted change, and only those, moved the version");
        assertEquals(successes, historyRows() - startHistory, "every accepted change, and only those, wrote history");
        assertTrue(statuses.getOrDefault(400, 0) > 1000, "the corpus reaches validation: " + statuses);
        assertTrue(successes > 0 && successes < HTTP_CASES / 5, "a few mutants are valid: " + successes);
        assertTrue(upToDate > 0, "the corpus reaches the migration window: " + statuses);
        assertTrue(statusPages > 0, "the corpus reads the public status: " + statuses);
        assertEquals(List.of(windowId), MigrationHistory.of(service).recent(10).stream()
                .map(dev.intermission.migration.MigrationRecord::id).toList(), "no request recorded a window");
        assertTrue(migrator.plan().upToDate(), "no request touched the schema");
        System.out.println("fuzz seed " + SEED + ": " + (HTTP_CASES + RAW_CASES) + " cases, statuses " + statuses
                + ", accepted changes " + successes + ", windows up to date " + upToDate);
    }

    /** Returns 1 when the answer is an accepted change, after checking the oracle. */
    private static int check(int index, String shown, Answer answer, long versionBefore, boolean mutating) {
        long after = service.status().version();
        if (answer.status() >= 500) {
            fail("case " + index + " (seed " + SEED + ") answered " + answer.status() + ": " + shown + "\n-> "
                    + answer.body());
        }
        long answered = -1;
        if (answer.status() == 200 && answer.contentType() != null
                && answer.contentType().startsWith("application/json") && !answer.body().isEmpty()) {
            answered = answer.json().path("version").asLong(-1);
        }
        if (answered == versionBefore + 1) {
            if (!mutating || after != versionBefore + 1) {
                fail("case " + index + " (seed " + SEED + ") answered a change but the version went " + versionBefore
                        + " -> " + after + ": " + shown);
            }
            return 1;
        }
        if (after != versionBefore || (answered >= 0 && answered != versionBefore)) {
            fail("case " + index + " (seed " + SEED + ") answered " + answer.status() + " but the version went "
                    + versionBefore + " -> " + after + " (answered " + answered + "): " + shown);
        }
        return 0;
    }

    private static long historyRows() {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM service_context_history")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- HTTP cases

    private record Case(String method, URI uri, byte[] body, List<String> headers, boolean mutating) {
        HttpRequest request() {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            return b.build();
        }

        @Override
        public String toString() {
            String text = body == null ? "<no body>" : new String(body, StandardCharsets.UTF_8);
            return method + " " + uri + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..."
                    : text);
        }
    }

    private static final String[] ODD_METHODS = {"POST", "PUT", "DELETE", "GET", "HEAD", "OPTIONS", "TRACE",
        "PROPFIND", "MKCOL", "FOO", "patch", "Patch", "X-HTTP-PATCH", "LINK", "SEARCH", "QUERY"};
    private static final String[] PATHS = {"", "/", "/schedule", "/history", "/schedule/", "/history/",
        "/nope", "/schedule/1", "/history/x", "//", "/STATUS", "/Schedule", "/history;jsessionid=1",
        "/%73chedule", "/a%20b", "/.%2e/history", "/schedule?x=1", "/migrations", "/migrations/",
        "/migrations/x", "/migrations/00000000-0000-0000-0000-000000000000", "/migrations//", "/Migrations",
        "/migrations/../history", "/migrations/%2e%2e/schedule", "/migrations?limit=5", "/migrations/%E2%80%AEx",
        "/status.json", "/status.json/", "/STATUS.JSON", "/console", "/console/", "/console//", "/console.js",
        "/console.css", "/banner.js", "/reload.js", "/banner.js/", "/console/../history", "/%63onsole",
        "/instances", "/reload.js?v=1"};
    private static final String[] READS = {"", "/history", "/status.json", "/console", "/console/", "/console.js",
        "/console.css", "/banner.js", "/reload.js", "/instances"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "APPLICATION/JSON", "application/merge-patch+json", "text/plain",
        "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
        "application/json; charset=latin1", "application/json; charset=\"utf-16\"", "application/jsonx",
        "application/", "json", "*/*", "application/json, text/plain", "application/problem+json",
        "application/json; charset=", "application/json;;;", "application/vnd.api+json; q=0.5"};

    private static Case httpCase(Random r) {
        int pick = r.nextInt(100);
        String method;
        String path;
        if (pick < 50) {
            method = "PATCH";
            path = r.nextInt(10) == 0 ? "/" : "";
        } else if (pick < 62) {
            method = "PUT";
            path = "/schedule";
        } else if (pick < 66) {
            method = "DELETE";
            path = "/schedule";
        } else if (pick < 70) {
            method = r.nextInt(5) == 0 ? "HEAD" : "GET";
            path = READS[r.nextInt(READS.length)];
        } else if (pick < 77) {
            method = "POST";
            path = "/migrations";
        } else if (pick < 80) {
            method = "GET";
            path = pickOne(r, "/migrations", "/migrations/" + windowId, "/migrations/" + windowId + "/",
                    "/migrations/" + windowId.toUpperCase(java.util.Locale.ROOT), "/migrations/"
                    + java.util.UUID.randomUUID());
        } else {
            method = ODD_METHODS[r.nextInt(ODD_METHODS.length)];
            path = PATHS[r.nextInt(PATHS.length)];
        }
        if (r.nextInt(20) == 0) {
            path = PATHS[r.nextInt(PATHS.length)];
        }
        String query = "";
        if (r.nextInt(6) == 0) {
            query = pickOne(r, "?expectedVersion=" + service.status().version(), "?expectedVersion=-1",
                    "?expectedVersion=abc", "?expectedVersion=99999999999999999999", "?limit=" + r.nextInt(2000),
                    "?limit=", "?limit=1&limit=2", "?a=b&&c", "?=", "?access_token=" + TOKEN, "?%C3%A9=%E2%82%AC",
                    "?limit=%2B5", "?expectedVersion=1e3");
        }
        URI uri = URI.create(jetty.base() + path + (path.contains("?") ? "" : query));
        boolean schedule = path.startsWith("/schedule");
        boolean migrations = path.startsWith("/migrations");
        byte[] body = schedule ? mutate(r, validSchedule(r))
                : migrations ? mutate(r, validMigration(r)) : mutate(r, validPatch(r));
        if (migrations && "POST".equals(method) && r.nextInt(8) == 0) {
            body = null;
        }
        if ("DELETE".equals(method) || "GET".equals(method) || "HEAD".equals(method)) {
            body = r.nextInt(4) == 0 ? body : null;
        }
        List<String> headers = new java.util.ArrayList<>();
        int ct = r.nextInt(100);
        if (ct < 65) {
            headers.add("Content-Type");
            headers.add(ct < 50 ? "application/json" : CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]);
        } else if (ct < 90) {
            headers.add("Content-Type");
            headers.add(CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]);
        }
        int auth = r.nextInt(100);
        if (auth < 70) {
            headers.add("Authorization");
            headers.add("Bearer " + TOKEN);
        } else if (auth < 95) {
            headers.add("Authorization");
            headers.add(pickOne(r, "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "bearer " + TOKEN,
                    "Bearer  " + TOKEN + "  ", "Bearer", "Bearer ", "Basic ZnV6ejp4", "Token " + TOKEN,
                    "Bearer " + TOKEN.toUpperCase(java.util.Locale.ROOT), "Bearer " + asciiJunk(r, 40),
                    TOKEN, "Bearer " + "A".repeat(3000)));
        }
        int extras = r.nextInt(4);
        for (int i = 0; i < extras; i++) {
            switch (r.nextInt(8)) {
                case 0 -> {
                    headers.add("Cookie");
                    headers.add("JSESSIONID=" + asciiJunk(r, 20) + "; token=" + TOKEN);
                }
                case 1 -> {
                    headers.add("X-Forwarded-For");
                    headers.add(pickOne(r, "10.0.0.1", "1.2.3.4, 127.0.0.1", asciiJunk(r, 200), "unknown"));
                }
                case 2 -> {
                    headers.add("Origin");
                    headers.add("https://evil.example");
                }
                case 3 -> {
                    headers.add("X-HTTP-Method-Override");
                    headers.add(pickOne(r, "PATCH", "DELETE", "PUT"));
                }
                case 4 -> {
                    headers.add("Accept");
                    headers.add(pickOne(r, "text/html", "*/*", "application/xml", asciiJunk(r, 30)));
                }
                case 6 -> {
                    headers.add("If-None-Match");
                    headers.add(pickOne(r, "*", "W/\"x\"", "\"" + asciiJunk(r, 27) + "\"", asciiJunk(r, 300), "",
                            ",,,", "\"a\", W/\"b\", *", "x".repeat(5000)));
                }
                case 5 -> {
                    headers.add("X-" + Integer.toHexString(r.nextInt()));
                    headers.add(asciiJunk(r, r.nextInt(500)));
                }
                default -> {
                    headers.add("Content-Encoding");
                    headers.add(pickOne(r, "gzip", "deflate", "br", "identity"));
                }
            }
        }
        boolean mutating = List.of("PATCH", "PUT", "DELETE", "POST").contains(method);
        return new Case(method, uri, body, List.copyOf(headers), mutating);
    }

    private static String validPatch(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> "{\"maintenance\": true}";
            case 1 -> "{\"maintenance\": false}";
            case 2 -> "{\"mode\": \"READ_ONLY\", \"message\": \"Upgrading the database\"}";
            case 3 -> "{\"mode\": \"FULL\", \"message\": \"Back at six\", \"until\": \""
                    + Instant.now().plus(Duration.ofMinutes(1 + r.nextInt(600))) + "\", \"expectedVersion\": "
                    + (r.nextBoolean() ? service.status().version() : r.nextInt(50)) + "}";
            default -> "{\"mode\": \"OFF\", \"expectedVersion\": " + service.status().version() + "}";
        };
    }

    private static String validMigration(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> "{}";
            case 1 -> "{\"mode\": \"READ_ONLY\"}";
            case 2 -> "{\"mode\": \"FULL\", \"message\": \"Upgrading the shop\", \"estimate\": \"PT10M\"}";
            case 3 -> "{\"estimate\": \"PT" + (1 + r.nextInt(120)) + "M\"}";
            default -> "{\"message\": \"Back soon\"}";
        };
    }

    private static String validSchedule(Random r) {
        Instant start = Instant.now().plus(Duration.ofMinutes(5 + r.nextInt(1000)));
        return "{\"start\": \"" + start + "\", \"end\": \"" + start.plus(Duration.ofMinutes(1 + r.nextInt(120)))
                + "\", \"mode\": \"" + (r.nextBoolean() ? "FULL" : "READ_ONLY") + "\", \"message\": \"Planned\"}";
    }

    // ---------------------------------------------------------------- mutations

    private static final String[] JUNK_VALUES = {"null", "true", "false", "0", "-0", "1e999999", "-1e-999999",
        "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity",
        "1.0", "0x10", "\"\"", "\" \"", "[]", "{}", "[null]", "{\"a\":1}", "\"FULL\"", "\"read-only\"",
        "\"OFF \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uD83D\\uDE00\"", "\"\u202Eevil\"",
        "\"2030-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
        "\"-999999999-01-01T00:00:00Z\"", "\"2030-02-30T00:00:00Z\"", "\"2030-01-01\"", "\"PT20M\"",
        "\"" + "9".repeat(1500) + "\"", "1" + "0".repeat(1200), "'single'", "undefined", "\"\\x41\""};
    private static final String[] KEYS = {"maintenance", "mode", "message", "until", "expectedVersion", "start",
        "end", "enabled", "Mode", "MAINTENANCE", "", "__proto__", "constructor", "maintenance ", "m\u00e4intenance",
        "actor", "origin", "clientAddress", "version", "window", "\\u006dode", "estimate", "id", "outcome"};

    private static byte[] mutate(Random r, String valid) {
        if (r.nextInt(12) == 0) {
            return valid.getBytes(StandardCharsets.UTF_8);
        }
        String s = valid;
        int rounds = 1 + r.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            s = switch (r.nextInt(14)) {
                case 0 -> s.substring(0, r.nextInt(s.length() + 1));
                case 1 -> replaceValue(r, s, JUNK_VALUES[r.nextInt(JUNK_VALUES.length)]);
                case 2 -> insertAt(r, s, ", \"" + KEYS[r.nextInt(KEYS.length)] + "\": "
                        + JUNK_VALUES[r.nextInt(JUNK_VALUES.length)]);
                case 3 -> duplicateKey(r, s);
                case 4 -> insertAt(r, s, unicodeJunk(r));
                case 5 -> nested(r, s);
                case 6 -> s.replace("\"", r.nextBoolean() ? "'" : "");
                case 7 -> r.nextBoolean() ? "[" + s + "]" : s + s;
                case 8 -> s.replace("true", pickOne(r, "\"true\"", "1", "TRUE", "tru", "null"))
                        .replace("false", pickOne(r, "\"false\"", "0", "FALSE"));
                case 9 -> s.replace("FULL", pickOne(r, "full", "Full", "PARTIAL", "", "FULL\\n", "READ-ONLY"))
                        .replace("READ_ONLY", pickOne(r, "READONLY", "read_only", "RO"));
                case 10 -> s + " ".repeat(r.nextInt(MAX_BODY * 2));
                case 11 -> "";
                case 12 -> insertAt(r, s, "\"message\": \"" + "\u00e9".repeat(r.nextInt(1200)) + "\", ");
                default -> s.replace("Z\"", pickOne(r, "\"", "+25:00\"", "Z[UTC]\"", ".123456789Z\"", "z\""));
            };
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(10) == 0 && bytes.length > 0) {
            bytes = bytes.clone();
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips; i++) {
                bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
            }
        }
        if (r.nextInt(40) == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.writeBytes(bytes);
            bytes = out.toByteArray();
        }
        return bytes;
    }

    private static String replaceValue(Random r, String s, String junk) {
        int colon = nthIndex(r, s, ':');
        if (colon < 0) {
            return s;
        }
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        return s.substring(0, colon + 1) + " " + junk + s.substring(Math.min(end, s.length()));
    }

    private static String duplicateKey(Random r, String s) {
        String key = KEYS[r.nextInt(5)];
        int brace = s.indexOf('{');
        if (brace < 0) {
            return s;
        }
        return s.substring(0, brace + 1) + "\"" + key + "\": " + JUNK_VALUES[r.nextInt(JUNK_VALUES.length)]
                + ", \"" + key + "\": " + JUNK_VALUES[r.nextInt(JUNK_VALUES.length)] + ", " + s.substring(brace + 1);
    }

    private static String nested(Random r, String s) {
        int depth = pickOne(r, 3, 50, 600, 3000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String deep = open.repeat(depth) + "1" + close.repeat(depth);
        return r.nextBoolean() ? insertAt(r, s, ", \"message\": " + deep) : replaceValue(r, s, deep);
    }

    private static String insertAt(Random r, String s, String what) {
        int at = r.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static String unicodeJunk(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.append("\\u").append(String.format("%04x", r.nextInt(0x10000)));
                case 1 -> b.appendCodePoint(0x1F600 + r.nextInt(80));
                case 2 -> b.append(pickOne(r, "\u202E", "\u200B", "\uFEFF", "\u0301", "\u2028", "\uFFFF"));
                case 3 -> b.append((char) r.nextInt(0x20));
                case 4 -> b.append(pickOne(r, "\\ud800", "\\udfff", "\\", "\\x", "\\u12"));
                default -> b.appendCodePoint(0x80 + r.nextInt(0x2000));
            }
        }
        return b.toString();
    }

    private static int nthIndex(Random r, String s, char c) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        int target = r.nextInt(count);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c && target-- == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String asciiJunk(Random r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (0x21 + r.nextInt(0x7e - 0x21)));
        }
        return b.toString();
    }

    @SafeVarargs
    private static <T> T pickOne(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    // ---------------------------------------------------------------- raw cases

    private static byte[] rawCase(Random r) {
        String path = jetty.base().getPath() + PATHS[r.nextInt(PATHS.length)];
        String body = new String(mutate(r, validPatch(r)), StandardCharsets.ISO_8859_1);
        String method = pickOne(r, "PATCH", "PATCH", "PATCH", "PUT", "DELETE", "POST", "patch", "PATCH ", "P\tATCH",
                "PÄTCH", "GET", "M".repeat(300), "", "CONNECT", "PRI");
        String version = pickOne(r, "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "", "http/1.1");
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(pickOne(r, path, path, "http://127.0.0.1" + path, path + "#frag",
                path + "?limit=%zz", path + "?expectedVersion=%", path.replace("/", "\\"), "*", path + " x"))
                .append(' ').append(version).append("\r\n");
        if (r.nextInt(10) != 0) {
            req.append("Host: 127.0.0.1\r\n");
        }
        if (r.nextInt(4) != 0) {
            req.append("Authorization: Bearer ").append(TOKEN).append("\r\n");
        }
        req.append("Content-Type: ").append(CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]).append("\r\n");
        switch (r.nextInt(8)) {
            case 0 -> req.append("Content-Length: ").append(body.length()).append("\r\nContent-Length: ")
                    .append(body.length() + 1).append("\r\n");
            case 1 -> req.append("Content-Length: ").append(body.length() + 1 + r.nextInt(50)).append("\r\n");
            case 2 -> req.append("Content-Length: -1\r\n");
            case 3 -> req.append("Transfer-Encoding: chunked\r\n");
            case 4 -> req.append("Transfer-Encoding: chunked\r\nContent-Length: ").append(body.length())
                    .append("\r\n");
            case 5 -> req.append("Content-Length: 99999999999999999999\r\n");
            default -> req.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        if (r.nextInt(5) == 0) {
            req.append(pickOne(r, "X-Junk: \u00ff\u00fe\u0080\r\n", "Bad Header\r\n", ": empty\r\n",
                    " folded: continuation\r\n", "X-Long: " + "a".repeat(10000) + "\r\n", "Expect: 100-continue\r\n"));
        }
        req.append("Connection: close\r\n\r\n");
        if (req.indexOf("chunked") >= 0) {
            req.append(pickOne(r, Integer.toHexString(body.length()), "zz", "-1", "ffffffffffffffff",
                    Integer.toHexString(body.length() + 3))).append("\r\n").append(body).append("\r\n0\r\n\r\n");
        } else {
            req.append(body);
        }
        return req.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
