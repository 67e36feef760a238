package dev.intermission.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.intermission.InvalidValueException;

/**
 * The library's own small pool on a JDBC URL (HikariCP, an optional dependency). The driver is found through the
 * application's class loader (a webapp's {@code WEB-INF/lib} included), not through {@code DriverManager}'s, and a
 * driver that only the library caused to register is deregistered on close, so nothing outlives a webapp.
 */
public final class OwnPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OwnPool.class.getName());

    private final HikariDataSource pool;
    private final DataSource unpooled;
    private final List<Driver> registeredByUs;

    private OwnPool(HikariDataSource pool, DataSource unpooled, List<Driver> registeredByUs) {
        this.pool = pool;
        this.unpooled = unpooled;
        this.registeredByUs = registeredByUs;
    }

    /**
     * Opens a pool.
     *
     * @param url               the JDBC URL
     * @param user              the user, or {@code null}
     * @param password          the password, or {@code null}
     * @param size              the most connections
     * @param connectionTimeout how long to wait for a connection
     * @param name              the pool's name
     * @return the pool
     * @throws InvalidValueException naming {@code jdbcUrl} when HikariCP or a driver for the URL is missing
     */
    public static OwnPool open(String url, String user, String password, int size, Duration connectionTimeout,
            String name) {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource", false, OwnPool.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new InvalidValueException("jdbcUrl", redact(url), "needs HikariCP (com.zaxxer:HikariCP) on the "
                    + "classpath for the library's own pool; add it, or give the library a DataSource");
        }
        List<Driver> before = Collections.list(DriverManager.getDrivers());
        Driver driver = findDriver(url);
        List<Driver> registeredByUs = new ArrayList<>();
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (!before.contains(d)) {
                registeredByUs.add(d);
            }
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        DriverSource direct = new DriverSource(driver, url, properties);
        HikariConfig config = new HikariConfig();
        config.setDataSource(direct);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(connectionTimeout.toMillis(), 1000)));
        // Start even when the database is down: the unknown-state policy applies until it answers.
        config.setInitializationFailTimeout(-1);
        config.setPoolName(name);
        return new OwnPool(new HikariDataSource(config), direct, registeredByUs);
    }

    /** Finds a driver that accepts the URL: the thread's context class loader first, then the library's. */
    private static Driver findDriver(String url) {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(OwnPool.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                try {
                    if (driver.acceptsURL(url)) {
                        return driver;
                    }
                } catch (SQLException e) {
                    // this driver cannot tell: try the next one
                }
            }
        }
        throw new InvalidValueException("jdbcUrl", redact(url), "has no JDBC driver on the classpath that accepts "
                + "it; add the database's driver jar (in a webapp: WEB-INF/lib or the container's lib)");
    }

    /**
     * Returns the pool as a DataSource.
     *
     * @return the pool
     */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Returns a DataSource on the same URL that opens a new connection on every call, outside the pool: for a
     * connection held for good (listening for changes), which the pool must neither count nor recycle.
     *
     * @return the unpooled DataSource
     */
    public DataSource unpooled() {
        return unpooled;
    }

    @Override
    public void close() {
        pool.close();
        for (Driver driver : registeredByUs) {
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException | SecurityException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot deregister the JDBC driver " + driver, e);
            }
        }
    }

    /**
     * Cuts a JDBC URL at its parameters, which may carry a password.
     *
     * @param url the URL
     * @return the URL up to its first {@code ?} or {@code ;}
     */
    public static String redact(String url) {
        return url == null ? null : url.split("[;?]", 2)[0];
    }

    /** A DataSource that connects straight through one driver. */
    private record DriverSource(Driver driver, String url, Properties properties) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Connection c = driver.connect(url, properties);
            if (c == null) {
                throw new SQLException("the driver " + driver.getClass().getName() + " does not accept the URL");
            }
            return c;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("user", user);
            p.setProperty("password", password);
            return driver.connect(url, p);
        }

        @Override
        public String toString() {
            return "DriverSource[" + redact(url) + "]";
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the pool's connection timeout applies
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
