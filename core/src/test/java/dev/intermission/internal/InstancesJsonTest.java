package dev.intermission.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.intermission.Mode;

/** The instances' JSON shape, shared by the admin endpoint and the command line, escapes whatever it shows. */
class InstancesJsonTest {

    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void cluster_listsEachInstanceWithItsWork_andCountsThoseOnTheCurrentVersion() {
        InstanceValue current = new InstanceValue("web-1", "host-1", "101", "1.4.2", T, T, T.plusSeconds(15), 7,
                Mode.FULL, false, false, true, 2, 1, 1, List.of("nightly-report"), true);
        InstanceValue behind = new InstanceValue("web-2", "host-2", "202", null, T, T, T.plusSeconds(15), 6,
                Mode.OFF, true, true, false, 0, 0, 0, List.of(), false);
        String json = Json.write(Json.cluster(new ClusterValue("billing", 7, List.of(current, behind), T, true)));
        assertEquals("{\"service\":\"billing\",\"currentVersion\":7,\"live\":2,\"holdingCurrentVersion\":1,"
                + "\"asOf\":\"2030-01-01T00:00:00Z\",\"instances\":[{\"id\":\"web-1\",\"host\":\"host-1\","
                + "\"process\":\"101\",\"applicationVersion\":\"1.4.2\",\"startedAt\":\"2030-01-01T00:00:00Z\","
                + "\"lastHeartbeat\":\"2030-01-01T00:00:00Z\",\"expiresAt\":\"2030-01-01T00:00:15Z\","
                + "\"stateVersion\":7,\"current\":true,\"effectiveMode\":\"full\",\"stale\":false,\"failSafe\":false,"
                + "\"listening\":true,\"local\":true,\"inFlight\":{\"requests\":2,\"writes\":1,\"jobs\":1,"
                + "\"runningJobs\":[\"nightly-report\"]}},{\"id\":\"web-2\",\"host\":\"host-2\",\"process\":\"202\","
                + "\"applicationVersion\":null,\"startedAt\":\"2030-01-01T00:00:00Z\","
                + "\"lastHeartbeat\":\"2030-01-01T00:00:00Z\",\"expiresAt\":\"2030-01-01T00:00:15Z\","
                + "\"stateVersion\":6,\"current\":false,\"effectiveMode\":\"off\",\"stale\":true,\"failSafe\":true,"
                + "\"listening\":false,\"local\":false,\"inFlight\":{\"requests\":0,\"writes\":0,\"jobs\":0,"
                + "\"runningJobs\":[]}}]}", json);
    }

    @Test
    void textFromTheTable_isEscaped_soItCannotBreakOutOfJsonOrHtml() {
        InstanceValue odd = new InstanceValue("web-1", "h\"<script>", "1", "</script><b>&", T, null, null, 0,
                Mode.OFF, false, false, false, 0, 0, 0, List.of("a\"b"), false);
        String json = Json.write(Json.instance(odd, 0));
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        assertTrue(json.contains("\"host\":\"h\\\"\\u003cscript\\u003e\""), json);
        assertTrue(json.contains("\"runningJobs\":[\"a\\\"b\"]"), json);
    }

    @Test
    void statusWithInstances_addsTheSummary_orNullWhenTheyCannotBeRead() {
        StatusValue status = new StatusValue("billing", Mode.OFF, null, null, null, 7, null, null, null, Mode.OFF,
                null, null, null, false, false, T, T);
        InstanceValue one = new InstanceValue("web-1", "h", "1", null, T, T, T, 7, Mode.OFF, false, false, false, 0,
                0, 0, List.of(), true);
        String with = Json.write(Json.status(status, new ClusterValue("billing", 7, List.of(one), T, true)));
        assertTrue(with.endsWith(",\"instances\":{\"live\":1,\"holdingCurrentVersion\":1,\"currentVersion\":7}}"),
                with);
        assertTrue(with.contains("\"failSafe\":false"), with);
        assertTrue(Json.write(Json.status(status, null)).endsWith(",\"instances\":null}"));
    }
}
