package dev.intermission.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

import dev.intermission.testing.ForwardingDataSource;

/** A DataSource that can be switched off, so a test can take the database away and bring it back. */
final class FlakyDataSource extends ForwardingDataSource {

    private volatile boolean down;

    FlakyDataSource(DataSource delegate) {
        super(delegate);
    }

    void down(boolean down) {
        this.down = down;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("database unreachable (test)", "08001");
        }
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("database unreachable (test)", "08001");
        }
        return delegate.getConnection(username, password);
    }
}
