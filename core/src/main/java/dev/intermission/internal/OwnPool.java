package dev.intermission.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

import dev.intermission.InvalidValueException;
import dev.intermission.Values;

/**
 * The library's own small pool on a JDBC URL, with no dependency and no thread of its own: connections are opened
 * on the thread that asks for one, so closing the pool leaves nothing running. The driver is found through the
 * application's class loader (a webapp's {@code WEB-INF/lib} included), not through {@code DriverManager}'s, and a
 * driver that only the library caused to register is deregistered on close, so nothing outlives a webapp.
 *
 * <p>A connection idle for a while is validated ({@link Connection#isValid(int)}) before it is handed out; one that
 * failed with a connection error, or was closed under the pool, is discarded when it comes back; a caller waits at
 * most the connection timeout for a free connection. There is no retry back-off: the next request for a
 * connection after the database answers again gets one.
 */
public final class OwnPool implements AutoCloseable {

    private static final Log LOG = Log.of(OwnPool.class);
    /** A connection idle for longer than this is validated before it is handed out (HikariCP's default). */
    static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final DriverSource direct;
    private final int size;
    private final long connectionTimeoutNanos;
    private final String name;
    private final List<Driver> registeredByUs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    /** Free connections, the most recently returned first. */
    private final ArrayDeque<Pooled> idle = new ArrayDeque<>();
    private final Set<Pooled> inUse = new HashSet<>();
    private final PoolSource pooled = new PoolSource();
    /** Connections idle, in use, or being opened. */
    private int total;
    private boolean closed;

    private OwnPool(DriverSource direct, int size, Duration connectionTimeout, String name,
            List<Driver> registeredByUs) {
        this.direct = direct;
        this.size = size;
        this.connectionTimeoutNanos = connectionTimeout.toNanos();
        this.name = name;
        this.registeredByUs = registeredByUs;
    }

    /**
     * Opens a pool; no connection is opened until one is asked for, so the pool opens even while the database
     * cannot be reached.
     *
     * @param url               the JDBC URL
     * @param user              the user, or {@code null}
     * @param password          the password, or {@code null}
     * @param size              the most connections
     * @param connectionTimeout how long to wait for a connection, and for the database to accept one
     * @param name              the pool's name
     * @return the pool
     * @throws InvalidValueException naming {@code jdbcUrl} when no driver accepts the URL
     */
    public static OwnPool open(String url, String user, String password, int size, Duration connectionTimeout,
            String name) {
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
        int seconds = (int) Math.max(1, (connectionTimeout.toMillis() + 999) / 1000);
        DriverSource direct = new DriverSource(driver, url, properties);
        direct.setLoginTimeout(seconds);
        return new OwnPool(direct, size, connectionTimeout, name, registeredByUs);
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
     * Returns the pool as a DataSource: {@link Connection#close()} hands a connection back.
     *
     * @return the pool
     */
    public DataSource dataSource() {
        return pooled;
    }

    /**
     * Returns a DataSource on the same URL that opens a new connection on every call, outside the pool: for a
     * connection held for good (listening for changes), which the pool must neither count nor recycle.
     *
     * @return the unpooled DataSource
     */
    public DataSource unpooled() {
        return direct;
    }

    /**
     * Returns how many connections are open (idle or in use) or being opened.
     *
     * @return the count
     */
    int open() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many connections are idle in the pool.
     *
     * @return the count
     */
    int idle() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Hands out an idle connection (validated if it idled long), or opens one, or waits for one to come back. */
    private Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + connectionTimeoutNanos;
        while (true) {
            Pooled candidate = null;
            boolean mayOpen = false;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new SQLNonTransientConnectionException("the library's own pool '" + name
                                + "' is closed", "08003");
                    }
                    if (!idle.isEmpty()) {
                        candidate = idle.pollFirst();
                        inUse.add(candidate);
                        break;
                    }
                    if (total < size) {
                        total++;
                        mayOpen = true;
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SQLTimeoutException("no free connection in the library's own pool '" + name
                                + "' after " + Values.text(Duration.ofNanos(connectionTimeoutNanos)) + ": all "
                                + size + " are in use");
                    }
                    try {
                        returned.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLException("interrupted while waiting for a connection of the library's own "
                                + "pool '" + name + "'", e);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (mayOpen) {
                return lease(openNew());
            }
            if (System.nanoTime() - candidate.returnedAt > VALIDATE_AFTER_IDLE_NANOS && !valid(candidate)) {
                discard(candidate);
                continue;
            }
            return lease(candidate);
        }
    }

    /** Opens a connection for a slot already counted in {@link #total}; gives the slot back if it cannot. */
    private Pooled openNew() throws SQLException {
        Connection raw;
        try {
            raw = direct.getConnection();
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
        Pooled p = new Pooled(raw);
        lock.lock();
        try {
            if (!closed) {
                inUse.add(p);
                return p;
            }
        } finally {
            lock.unlock();
        }
        release();
        closeQuietly(raw);
        throw new SQLNonTransientConnectionException("the library's own pool '" + name + "' is closed", "08003");
    }

    private boolean valid(Pooled p) {
        try {
            return p.raw.isValid(Math.max(1, direct.getLoginTimeout()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private Connection lease(Pooled p) {
        return (Connection) Proxy.newProxyInstance(OwnPool.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Lease(p));
    }

    /** Takes a connection back: kept when sound, discarded when broken or the pool is closed. */
    private void giveBack(Pooled p) {
        boolean keep = !p.broken;
        if (keep) {
            try {
                if (p.raw.isClosed()) {
                    keep = false;
                } else {
                    if (!p.raw.getAutoCommit()) {
                        p.raw.rollback();
                        p.raw.setAutoCommit(true);
                    }
                    p.raw.clearWarnings();
                }
            } catch (SQLException | RuntimeException e) {
                keep = false;
            }
        }
        if (keep) {
            lock.lock();
            try {
                if (inUse.remove(p) && !closed) {
                    p.returnedAt = System.nanoTime();
                    idle.addFirst(p);
                    returned.signal();
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
        discard(p);
    }

    /** Closes a connection and frees its slot. */
    private void discard(Pooled p) {
        lock.lock();
        try {
            inUse.remove(p);
        } finally {
            lock.unlock();
        }
        release();
        closeQuietly(p.raw);
    }

    /** Frees one slot and wakes one waiter, who may open a connection in it. */
    private void release() {
        lock.lock();
        try {
            total--;
            returned.signal();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cannot close a connection of the library's own pool: {}", e);
        }
    }

    /** Whether a failure means the connection itself is gone (network, server shut down), not just a statement. */
    static boolean breaksConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Closes every connection: idle ones now, those in use when they come back. Opens nothing afterwards; the
     * pool has no thread to stop. Deregisters a driver that only the pool made register.
     */
    @Override
    public void close() {
        List<Pooled> toClose;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(idle);
            total -= idle.size();
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        for (Pooled p : toClose) {
            closeQuietly(p.raw);
        }
        for (Driver driver : registeredByUs) {
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException | SecurityException e) {
                LOG.debug("cannot deregister the JDBC driver {}: {}", driver, e);
            }
        }
    }

    @Override
    public String toString() {
        return "OwnPool[" + name + ", " + redact(direct.url) + "]";
    }

    /**
     * Cuts a JDBC URL at its parameters, which may carry a password, and hides a password written before the host
     * ({@code jdbc:mysql://user:secret@host/db}, which MySQL's driver reads).
     *
     * @param url the URL
     * @return the URL up to its first {@code ?} or {@code ;}, with {@code //user:***@host} for a user and password
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String cut = url.split("[;?]", 2)[0];
        int authority = cut.indexOf("//");
        int at = cut.lastIndexOf('@');
        if (authority < 0 || at < authority) {
            return cut;
        }
        String userInfo = cut.substring(authority + 2, at);
        int colon = userInfo.indexOf(':');
        return cut.substring(0, authority + 2) + (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***")
                + cut.substring(at);
    }

    /** One physical connection of the pool. */
    private static final class Pooled {
        final Connection raw;
        volatile boolean broken;
        long returnedAt;

        Pooled(Connection raw) {
            this.raw = raw;
        }
    }

    /** The connection a caller holds: its close hands the physical connection back, once. */
    private final class Lease implements InvocationHandler {
        private final Pooled pooled;
        private boolean closed;

        Lease(Pooled pooled) {
            this.pooled = pooled;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!closed) {
                        closed = true;
                        giveBack(pooled);
                    }
                    return null;
                case "isClosed":
                    return closed || pooled.raw.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "OwnPool connection " + pooled.raw;
                default:
                    break;
            }
            if (closed) {
                throw new SQLNonTransientConnectionException("the connection was handed back to the pool", "08003");
            }
            Object result = call(pooled, pooled.raw, method, args);
            if (result instanceof Statement s) {
                Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(OwnPool.class.getClassLoader(), new Class<?>[] {type},
                        (p, m, a) -> switch (m.getName()) {
                            case "getConnection" -> proxy;
                            case "equals" -> p == a[0];
                            case "hashCode" -> System.identityHashCode(p);
                            default -> call(pooled, s, m, a);
                        });
            }
            return result;
        }
    }

    /** Calls the driver; a failure that breaks the connection marks it to be discarded when it comes back. */
    private static Object call(Pooled pooled, Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (breaksConnection(cause)) {
                pooled.broken = true;
            }
            throw cause;
        }
    }

    /** The pool as a DataSource. */
    private final class PoolSource extends BaseDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return borrow();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the library's own pool connects as its configured user");
        }

        @Override
        public void setLoginTimeout(int seconds) {
            direct.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return direct.getLoginTimeout();
        }

        @Override
        public String toString() {
            return OwnPool.this.toString();
        }
    }

    /**
     * A DataSource that connects straight through one driver, bounding the login by its login timeout: the
     * drivers the library knows get it as their connect timeout (and as their socket timeout while logging in, so
     * a server that accepts but never answers does not hold the caller), others use their own.
     */
    private static final class DriverSource extends BaseDataSource {
        private final Driver driver;
        private final String url;
        private final Properties properties;
        private volatile int loginTimeout;

        DriverSource(Driver driver, String url, Properties properties) {
            this.driver = driver;
            this.url = url;
            this.properties = properties;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connect(properties);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("user", user);
            p.setProperty("password", password);
            return connect(p);
        }

        private Connection connect(Properties given) throws SQLException {
            Properties p = new Properties();
            p.putAll(given);
            int seconds = loginTimeout;
            boolean boundedRead = false;
            if (seconds > 0) {
                String lower = url.toLowerCase(Locale.ROOT);
                if (lower.startsWith("jdbc:postgresql:") && !lower.contains("sockettimeout=")
                        && !lower.contains("connecttimeout=")) {
                    p.putIfAbsent("connectTimeout", Integer.toString(seconds));
                    p.putIfAbsent("socketTimeout", Integer.toString(seconds));
                    boundedRead = true;
                } else if ((lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:"))
                        && !lower.contains("connecttimeout=")) {
                    p.putIfAbsent("connectTimeout", Integer.toString(seconds * 1000));
                }
            }
            Connection c = driver.connect(url, p);
            if (c == null) {
                throw new SQLException("the driver " + driver.getClass().getName() + " does not accept the URL");
            }
            if (boundedRead) {
                try {
                    // The login is over: statements are bounded by their own timeout, a listener by its poll.
                    c.setNetworkTimeout(Runnable::run, 0);
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(c);
                    throw e;
                }
            }
            return c;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeout = Math.max(0, seconds);
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public String toString() {
            return "DriverSource[" + redact(url) + "]";
        }
    }

    /** What every DataSource here answers alike. */
    private abstract static class BaseDataSource implements DataSource {
        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
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
