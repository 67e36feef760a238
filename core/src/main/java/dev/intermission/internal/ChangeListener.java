package dev.intermission.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Hears the changes PostgreSQL announces with {@code NOTIFY} on one dedicated connection that only listens, and
 * tells the service at once. The PostgreSQL driver is reached by reflection, so it stays the application's
 * choice: on another database, or when the driver's {@code PGConnection} cannot be reached through the
 * DataSource, the listener stops and polling alone carries changes. A lost connection is opened again with
 * back-off while polling carries on; each outage is logged once.
 *
 * <p>Payloads are {@code <service>:<version>}; anything else is ignored with one log line (at most one a minute).
 */
public final class ChangeListener implements AutoCloseable {

    /** Where connections come from. */
    @FunctionalInterface
    public interface Connections {
        /**
         * Opens a connection that the listener keeps for as long as it listens.
         *
         * @return the connection
         * @throws SQLException when the database cannot be reached
         */
        Connection open() throws SQLException;
    }

    /** What the listener tells the service. */
    public interface Sink {
        /**
         * A change to this service was announced.
         *
         * @param version the version it made
         */
        void changed(long version);

        /** The listener is (again) listening: changes made while it was not are to be read now. */
        void listening();
    }

    private static final Log LOG = Log.of(ChangeListener.class);
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");
    /** How long one wait for notifications lasts; bounds how long {@link #close()} waits for the thread. */
    private static final int POLL_MILLIS = 250;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long MALFORMED_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Connections connections;
    private final String channel;
    private final String serviceName;
    private final Sink sink;
    private final Thread thread;
    private final long closeWaitMillis;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile String reconnectReason;
    private long lastMalformedLog;
    private int malformedSuppressed;

    /**
     * Prepares a listener; nothing runs until {@link #start()}.
     *
     * @param connections where its connection comes from
     * @param channel     the channel to listen on
     * @param serviceName the service whose changes it reports
     * @param sink        what it tells
     */
    public ChangeListener(Connections connections, String channel, String serviceName, Sink sink) {
        this(connections, channel, serviceName, sink, Duration.ofSeconds(1));
    }

    /**
     * Prepares a listener; nothing runs until {@link #start()}.
     *
     * @param connections    where its connection comes from
     * @param channel        the channel to listen on
     * @param serviceName    the service whose changes it reports
     * @param sink           what it tells
     * @param connectTimeout how long opening a connection may take: {@link #close()} waits that long, and one
     *                       poll more, for the thread to end
     */
    public ChangeListener(Connections connections, String channel, String serviceName, Sink sink,
            Duration connectTimeout) {
        this.closeWaitMillis = connectTimeout.toMillis() + POLL_MILLIS * 2L;
        this.connections = connections;
        this.channel = channel;
        this.serviceName = serviceName;
        this.sink = sink;
        this.thread = new Thread(this::run, "intermission-listen-" + serviceName);
        this.thread.setDaemon(true);
    }

    /** Starts listening on a thread of its own. */
    public void start() {
        thread.start();
    }

    /**
     * Returns whether the listener holds a connection that listens now.
     *
     * @return whether changes are pushed
     */
    public boolean listening() {
        return listening;
    }

    /**
     * Drops the connection and opens a new one at once: the listener seems deaf (a change arrived by polling that
     * was never announced).
     *
     * @param reason why, for the log
     */
    public void reconnect(String reason) {
        if (listening) {
            reconnectReason = reason;
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean lost = false;
        while (!closed) {
            try (Connection c = connections.open()) {
                if (!isPostgres(c)) {
                    LOG.debug("Changes of '{}' are polled only: the database is not PostgreSQL", serviceName);
                    return;
                }
                Notifications pg = Notifications.of(c);
                if (pg == null) {
                    LOG.info("Changes of '{}' are polled only: the PostgreSQL driver's PGConnection cannot be reached"
                            + " through the DataSource", serviceName);
                    return;
                }
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
                listening = true;
                backoff = FIRST_BACKOFF_MILLIS;
                if (lost) {
                    LOG.debug("Changes of '{}' are pushed again (listening on '{}')", serviceName, channel);
                    lost = false;
                } else {
                    LOG.debug("Changes of '{}' are pushed (listening on '{}')", serviceName, channel);
                }
                sink.listening();
                while (!closed) {
                    String reason = reconnectReason;
                    if (reason != null) {
                        reconnectReason = null;
                        LOG.info("Changes of '{}': {}; opening a new listening connection", serviceName, reason);
                        break;
                    }
                    for (String[] n : pg.poll(POLL_MILLIS)) {
                        handle(n[0], n[1]);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    lost = true;
                    // Polling carries on; the refresher names an outage of the database in its own one line.
                    LOG.debug("Changes of '{}' cannot be pushed: the listening connection is lost or cannot be opened"
                            + " ({}); polling meanwhile, and reconnecting", serviceName, StoreFailures.describe(e));
                }
            } finally {
                listening = false;
            }
            if (!closed && lost) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /** Handles one notification: a change of this service, of another service (ignored), or malformed. */
    void handle(String name, String payload) {
        if (!channel.equals(name)) {
            return;
        }
        int colon = payload == null ? -1 : payload.lastIndexOf(':');
        String service = colon > 0 ? payload.substring(0, colon) : null;
        String version = colon > 0 ? payload.substring(colon + 1) : null;
        if (service == null || !SERVICE_NAME.matcher(service).matches() || !VERSION.matcher(version).matches()) {
            malformed(payload);
            return;
        }
        if (service.equals(serviceName)) {
            sink.changed(Long.parseLong(version));
        }
    }

    private void malformed(String payload) {
        long now = System.nanoTime();
        if (lastMalformedLog != 0 && now - lastMalformedLog < MALFORMED_LOG_EVERY_NANOS) {
            malformedSuppressed++;
            return;
        }
        String others = malformedSuppressed == 0 ? "" : " (and " + malformedSuppressed + " more since the last)";
        lastMalformedLog = now;
        malformedSuppressed = 0;
        LOG.warn("Ignored a malformed change notification on '{}': '{}'{}", channel,
                Checks.shown(String.valueOf(payload), 80), others);
    }

    /**
     * Stops listening: wakes the thread from its reconnect back-off, and returns once it has let go of its
     * connection (at most the connect timeout and one poll later).
     */
    @Override
    public void close() {
        closed = true;
        if (thread.isAlive() && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(closeWaitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The PostgreSQL driver's notification API, reached by reflection. */
    static final class Notifications {
        private final Object connection;
        private final Method getNotifications;
        private final Method getName;
        private final Method getParameter;

        private Notifications(Object connection, Method getNotifications, Method getName, Method getParameter) {
            this.connection = connection;
            this.getNotifications = getNotifications;
            this.getName = getName;
            this.getParameter = getParameter;
        }

        /** Unwraps a connection (a pool's proxy included) to the driver's PGConnection, or returns null. */
        static Notifications of(Connection c) {
            List<ClassLoader> loaders = new ArrayList<>();
            try {
                loaders.add(c.unwrap(Connection.class).getClass().getClassLoader());
            } catch (SQLException | RuntimeException e) {
                // not a wrapper: the other loaders may still know the driver
            }
            loaders.add(c.getClass().getClassLoader());
            loaders.add(Thread.currentThread().getContextClassLoader());
            loaders.add(ChangeListener.class.getClassLoader());
            for (ClassLoader loader : loaders) {
                if (loader == null) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName("org.postgresql.PGConnection", false, loader);
                    if (!c.isWrapperFor(type)) {
                        continue;
                    }
                    Object pg = c.unwrap(type);
                    Class<?> notification = Class.forName("org.postgresql.PGNotification", false,
                            type.getClassLoader());
                    return new Notifications(pg, type.getMethod("getNotifications", int.class),
                            notification.getMethod("getName"), notification.getMethod("getParameter"));
                } catch (ClassNotFoundException | NoSuchMethodException | SQLException | LinkageError e) {
                    // try the next loader
                }
            }
            return null;
        }

        /** Waits up to {@code millis} for notifications; returns each one's channel and payload. */
        List<String[]> poll(int millis) throws SQLException {
            Object[] got;
            try {
                got = (Object[]) getNotifications.invoke(connection, millis);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("cannot read notifications: " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new SQLException("cannot read notifications: " + e, e);
            }
            if (got == null || got.length == 0) {
                return List.of();
            }
            List<String[]> out = new ArrayList<>(got.length);
            for (Object n : got) {
                try {
                    out.add(new String[] {(String) getName.invoke(n), (String) getParameter.invoke(n)});
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new SQLException("cannot read a notification: " + e, e);
                }
            }
            return out;
        }
    }
}
