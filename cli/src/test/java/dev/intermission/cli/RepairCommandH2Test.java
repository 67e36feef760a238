package dev.intermission.cli;

import dev.intermission.testing.Databases;

/** {@code repair} on H2. */
class RepairCommandH2Test extends RepairCommandContract {

    @Override
    String newDatabase() {
        String url = Databases.newH2Url();
        CliRunner.createTables(url, user());
        return url;
    }

    @Override
    String user() {
        return "sa";
    }
}
