package dev.intermission.internal;

import dev.intermission.internal.StoreFailures.Kind;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StoreFailuresTest {

    @Test
    void aPostgresServerStartingUpOrShuttingDownIsUnreachable_soAStartUpWindowTriesAgain() {
        // The first answer of a restarted PostgreSQL is often "the database system is starting up" (57P03): a
        // start-up window must take it for an outage that passes, not for a failure.
        assertEquals(Kind.UNREACHABLE, StoreFailures.kind(new SQLException(
                "FATAL: the database system is starting up", "57P03")));
        assertEquals(Kind.UNREACHABLE, StoreFailures.kind(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01")));
        assertEquals(Kind.UNREACHABLE, StoreFailures.kind(new SQLException(
                "FATAL: terminating connection because of crash of another server process", "57P02")));
        assertEquals(Kind.UNREACHABLE, StoreFailures.kind(new IllegalStateException("cannot prepare",
                new SQLException("FATAL: the database system is starting up", "57P03"))));
    }

    @Test
    void aStatementCancelledForItsTimeoutIsATimeout_notAnOutage() {
        assertEquals(Kind.TIMEOUT, StoreFailures.kind(new SQLException(
                "ERROR: canceling statement due to statement timeout", "57014")));
        assertEquals(Kind.TIMEOUT, StoreFailures.kind(new SQLException(
                "ERROR: could not obtain lock on row", "55P03")));
    }
}
