package dev.intermission.cli;

import dev.intermission.testing.Databases;

/** {@code repair} on the shared embedded PostgreSQL. */
class RepairCommandPostgresTest extends RepairCommandContract {

    @Override
    String newDatabase() {
        String url = Databases.newPostgresDatabase();
        CliRunner.createTables(url, user());
        return url;
    }

    @Override
    String user() {
        return "postgres";
    }
}
