package dev.intermission.notify;

import javax.sql.DataSource;

import dev.intermission.testing.Databases;

/** The notification contract on H2. */
class H2NotificationTest extends NotificationContract {

    @Override
    protected DataSource newDatabase() {
        return Databases.newH2();
    }
}
