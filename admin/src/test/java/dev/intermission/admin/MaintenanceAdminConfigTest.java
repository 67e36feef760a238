package dev.intermission.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.intermission.InFlightRequests;
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
                MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "4096")::get);
        assertEquals(Set.of("ci", "ops.team"), config.tokenNames());
        assertTrue(config.authorizer().isPresent());
        assertFalse(config.publicStatus());
        assertEquals(4096, config.maxBodyBytes());
        assertEquals(Optional.of("ops.team"), config.tokenName(B));
        assertEquals(Optional.of("ci"), config.tokenName(A));
        assertEquals(Optional.empty(), config.tokenName(A + "x"));
        assertEquals(Optional.empty(), config.tokenName(""));
        assertEquals(Optional.empty(), config.tokenName(null));
    }

    @Test
    void fromInitParameters_nothingSet_publicStatusAndNoCredentials() {
        MaintenanceAdminConfig config = MaintenanceAdminConfig.fromInitParameters(name -> null);
        assertTrue(config.publicStatus());
        assertFalse(config.hasCredentials());
        assertEquals(MaintenanceAdminConfig.DEFAULT_MAX_BODY_BYTES, config.maxBodyBytes());
    }

    @Test
    void badValues_rejectedNamingTheParamWithoutEchoingTokens() {
        IllegalArgumentException noColon = assertThrows(IllegalArgumentException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.TOKENS_PARAM, A)::get));
        assertTrue(noColon.getMessage().startsWith(MaintenanceAdminConfig.TOKENS_PARAM), noColon.getMessage());
        assertFalse(noColon.getMessage().contains(A));
        IllegalArgumentException shortToken = assertThrows(IllegalArgumentException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.TOKENS_PARAM,
                        "ci:short-secret")::get));
        assertFalse(shortToken.getMessage().contains("short-secret"), shortToken.getMessage());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () ->
                MaintenanceAdminConfig.newBuilder().token("a", A).token("b", A));
        assertFalse(duplicate.getMessage().contains(A));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.newBuilder().token("a", A)
                .token("a", B));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.newBuilder().token("a b", A));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.newBuilder().token("a",
                "with space inside the token"));
        IllegalArgumentException maxBody = assertThrows(IllegalArgumentException.class, () ->
                MaintenanceAdminConfig.fromInitParameters(Map.of(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM,
                        "10")::get));
        assertTrue(maxBody.getMessage().startsWith(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM), maxBody.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.fromInitParameters(
                Map.of(MaintenanceAdminConfig.PUBLIC_STATUS_PARAM, "yes")::get));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceAdminConfig.fromInitParameters(
                Map.of(MaintenanceAdminConfig.MAX_BODY_BYTES_PARAM, "lots")::get));
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
