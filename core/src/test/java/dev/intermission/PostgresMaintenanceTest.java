package dev.intermission;

import dev.intermission.testing.Databases;

/** The contract on a real PostgreSQL server. */
class PostgresMaintenanceTest extends MaintenanceContract {

    private static final String URL = Databases.newPostgresDatabase();

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
