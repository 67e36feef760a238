package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.intermission.InFlightRequests;
import dev.intermission.InvalidValueException;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.testing.Databases;

class MaintenanceAdminConfigTest {

    private static final String A = "aaaaaaaaaaaaaaaa-1";
    private static final String B = "bbbbbbbbbbbbbbbb+2/==";

    @Test
    void fromInitParameters_tokensRolesAndLimits_parsed() {
        MaintenanceAdminConfig config = MaintenanceAdminConfig.fromInitParameters(Map.of(
                MaintenanceAdminConfig.TOKENS_PARAM, " ci:" + A + " , ops.team:" + B + ",",
                MaintenanceAdminConfig.ROLES_PARAM, "ops, admin",
                MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, "FALSE",
                MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "4096"));
        assertEquals(Set.of("ci", "ops.team"), config.tokenNames());
        assertTrue(config.authorizer().isPresent());
        assertFalse(config.publicStatus());
        assertEquals(4096, config.maxBodyBytes());
        assertEquals(Optional.of("ops.team"), config.tokens().match(B));
        assertEquals(Optional.of("ci"), config.tokens().match(A));
        assertEquals(Optional.empty(), config.tokens().match(A + "x"));
        assertEquals(Optional.empty(), config.tokens().match(""));
        assertEquals(Optional.empty(), config.tokens().match(null));
    }

    @Test
    void fromInitParameters_nothingSet_publicStatusAndNoCredentials() {
        MaintenanceAdminConfig config = MaintenanceAdminConfig.fromInitParameters(Map.of());
        assertTrue(config.publicStatus());
        assertFalse(config.hasCredentials());
        assertEquals(MaintenanceAdminConfig.DEFAULT_MAX_BODY_BYTES, config.maxBodyBytes());
    }

    @Test
    void badValues_rejectedNamingTheParamWithoutEchoingTokens() {
        InvalidValueException noColon = assertThrows(InvalidValueException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.TOKENS_PARAM, A)));
        assertEquals(MaintenanceAdminConfig.TOKENS_PARAM, noColon.field());
        assertFalse(noColon.getMessage().contains(A));
        InvalidValueException shortToken = assertThrows(InvalidValueException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.TOKENS_PARAM,
                        "ci:short-secret")));
        assertEquals(MaintenanceAdminConfig.TOKENS_PARAM, shortToken.field());
        assertTrue(shortToken.problem().contains("'ci'"), "names the token: " + shortToken.problem());
        assertFalse(shortToken.getMessage().contains("short-secret"), shortToken.getMessage());
        // The name is not the rejected value: the message must not read "..., was 'deploy'".
        assertEquals("token: the token named 'deploy' must be 16 to 512 characters long",
                assertThrows(InvalidValueException.class, () -> MaintenanceAdminConfig.newBuilder()
                        .token("deploy", "short")).getMessage());
        InvalidValueException duplicate = assertThrows(InvalidValueException.class, () ->
                MaintenanceAdminConfig.newBuilder().token("a", A).token("b", A));
        assertEquals("token", duplicate.field());
        assertFalse(duplicate.getMessage().contains(A));
        assertThrows(InvalidValueException.class, () -> MaintenanceAdminConfig.newBuilder().token("a", A)
                .token("a", B));
        assertThrows(InvalidValueException.class, () -> MaintenanceAdminConfig.newBuilder().token("a b", A));
        assertThrows(InvalidValueException.class, () -> MaintenanceAdminConfig.newBuilder().token("a",
                "with space inside the token"));
        InvalidValueException maxBody = assertThrows(InvalidValueException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM,
                        "10")));
        assertEquals(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, maxBody.field());
        assertEquals(MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, assertThrows(InvalidValueException.class,
                () -> MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.PUBLIC_STATUS_PARAM,
                        "yes"))).field());
        assertEquals(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, assertThrows(InvalidValueException.class,
                () -> MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM,
                        "lots"))).field());
        assertEquals(MaintenanceAdminConfig.ROLES_PARAM, assertThrows(InvalidValueException.class,
                () -> MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.ROLES_PARAM,
                        " , "))).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"intermission.admin.token", "intermission.admin.publicstatus",
            "intermission.admn.tokens", "INTERMISSION.ADMIN.TOKENS", "intermission.jdbcUrl"})
    void fromInitParameters_unknownOrWronglyCasedName_failsNamingIt(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> MaintenanceAdminConfig.fromInitParameters(Map.of(name, "false")));
        assertEquals(name, e.field());
        assertTrue(e.problem().startsWith("unknown init-param"), e.problem());
    }

    @Test
    void fromInitParameters_namesOutsideTheNamespace_ignored() {
        MaintenanceAdminConfig config = MaintenanceAdminConfig.fromInitParameters(Map.of(
                "intermision.admin.publicStatus", "false", "org.example.debug", "true"));
        assertTrue(config.publicStatus(), "a mistyped prefix is warned about by the servlet, not read");
    }

    @Test
    void migrations_unsetByDefault_andCustomizerAndCounterRequired() {
        MaintenanceAdminConfig none = MaintenanceAdminConfig.newBuilder().build();
        assertTrue(none.migrator().isEmpty());
        assertEquals(InFlightRequests.NONE, none.inFlightRequests());
        assertTrue(none.toString().contains("migrations=false"), none.toString());
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.newBuilder().migrationWindow(null));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.newBuilder().inFlightRequests(null));
        InFlightRequests counter = () -> 3;
        MaintenanceAdminConfig set = MaintenanceAdminConfig.newBuilder()
                .migrations(FlywayMigrator.newBuilder().dataSource(Databases.newH2()).build())
                .inFlightRequests(counter)
                .build();
        assertTrue(set.migrator().isPresent());
        assertEquals(counter, set.inFlightRequests());
        assertTrue(set.toString().contains("migrations=true"), set.toString());
    }

    @Test
    void toString_namesTokensButNeverTheirValues() {
        String text = MaintenanceAdminConfig.newBuilder().token("ci", A).build().toString();
        assertTrue(text.contains("ci"));
        assertFalse(text.contains(A));
    }
}
