package dev.intermission.flyway;

import javax.sql.DataSource;

import dev.intermission.testing.Databases;

/** The migration window on the shared embedded PostgreSQL server, a fresh database per test. */
class MigrationWindowPostgresTest extends MigrationWindowContract {

    @Override
    DataSource newDatabase() {
        return Databases.newPostgres();
    }
}
