package dev.intermission.cli;

import dev.intermission.testing.Databases;

/** The CLI's {@code migrate} command against the shared embedded PostgreSQL, a fresh database per test. */
class MigrateCommandPostgresTest extends MigrateCommandContract {

    @Override
    String newUrl() {
        return Databases.newPostgresDatabase();
    }

    @Override
    String user() {
        return "postgres";
    }

    @Override
    boolean rollsBackDdl() {
        return true;
    }
}
