package dev.intermission.flyway;

import javax.sql.DataSource;

import dev.intermission.testing.Databases;

/** The migration window on H2. */
class MigrationWindowH2Test extends MigrationWindowContract {

    @Override
    DataSource newDatabase() {
        return Databases.newH2();
    }
}
