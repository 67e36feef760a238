package dev.intermission;

import dev.intermission.testing.Databases;

/** The contract on H2, two pools on one in-memory database standing for two instances. */
class H2MaintenanceTest extends MaintenanceContract {

    private static final String URL = Databases.newH2Url();

    @Override
    protected String jdbcUrl() {
        return URL;
    }
}
