package dev.intermission.notify;

import javax.sql.DataSource;

import dev.intermission.testing.Databases;

/** The notification contract on a real PostgreSQL (embedded). */
class PostgresNotificationTest extends NotificationContract {

    @Override
    protected DataSource newDatabase() {
        return Databases.newPostgres();
    }
}
