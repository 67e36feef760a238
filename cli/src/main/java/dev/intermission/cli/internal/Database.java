package dev.intermission.cli.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.intermission.InvalidValueException;
import dev.intermission.internal.Schema;

/**
 * The database one invocation uses: where its URL came from, how it is shown (password hidden), and the URL the
 * CLI really connects with (an embedded H2 file is opened only if it exists, so a typo never creates a database).
 *
 * @param url      the URL as given
 * @param user     the user, or {@code null}
 * @param password the password, or {@code null}; never shown
 * @param source   where the URL came from
 */
public record Database(String url, String user, String password, Source source) {

    /** Where the URL came from, named in messages. */
    public enum Source {
        /** The {@code --jdbc-url} option. */
        OPTION("--jdbc-url"),
        /** The environment variable. */
        ENVIRONMENT(dev.intermission.cli.MaintenanceCli.JDBC_URL_ENV),
        /** The application's default, used when neither was given. */
        DEFAULT("the default database");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** Returns the option, variable or phrase naming the source. */
        public String label() {
            return label;
        }
    }

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([;?&](?:password|pwd)=)([^;&]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:;?]*:)([^/@]*)@");
    private static final int MIN_HIDDEN = 3;
    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    /**
     * Checks a URL given as text.
     *
     * @throws InvalidValueException naming the option or variable when it is not a JDBC URL
     */
    public static Database of(String url, String user, String password, Source source) {
        String u = url == null ? "" : url.strip();
        if (!u.startsWith("jdbc:") || u.length() == "jdbc:".length()) {
            throw new InvalidValueException(source.label(), USER_INFO.matcher(u.split("[;?]", 2)[0])
                    .replaceFirst("$1***@"),
                    "must be a JDBC URL starting with 'jdbc:' (jdbc:postgresql://host/db, jdbc:h2:file:/path/db, "
                            + "jdbc:mariadb://host/db)");
        }
        return new Database(u, user, password, source);
    }

    /** Returns the URL with any password in it hidden. */
    public String maskedUrl() {
        return USER_INFO.matcher(PASSWORD_PARAMETER.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }

    /**
     * Returns a text, such as a driver's message, with the URL shown as {@link #maskedUrl()} and every password
     * of this database (the one given, and any in the URL) hidden: drivers quote parts of the URL they could not
     * use. Passwords shorter than {@value #MIN_HIDDEN} characters are hidden only inside the URL.
     *
     * @param text the text, or {@code null}
     * @return the text with no password in it
     */
    public String hide(String text) {
        if (text == null) {
            return null;
        }
        String shown = text.replace(url, maskedUrl());
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        for (Pattern p : List.of(PASSWORD_PARAMETER, USER_INFO)) {
            Matcher m = p.matcher(url);
            while (m.find()) {
                secrets.add(m.group(2));
            }
        }
        for (String secret : secrets) {
            if (secret.length() >= MIN_HIDDEN) {
                shown = shown.replace(secret, "***");
            }
        }
        return shown;
    }

    /** Returns the URL with any password in it hidden, and the user: what every message shows. */
    public String display() {
        String shown = maskedUrl();
        String file = h2File();
        if (file != null && !url.contains(file)) {
            shown += " (" + file + ")";
        }
        return shown + (user == null || user.isEmpty() ? "" : " as " + user);
    }

    /** Returns the URL the CLI connects with: an embedded H2 database is opened only if it already exists. */
    public String connectUrl() {
        if (h2File() == null) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        String connect = url;
        if (!upper.contains(";IFEXISTS=")) {
            connect += ";IFEXISTS=TRUE";
        }
        if (!upper.contains(";MAX_COMPACT_TIME=")) {
            // H2 compacts the file for up to 200 ms when the last connection closes: most of a short command's
            // time, for a file the application compacts at its own close anyway.
            connect += ";MAX_COMPACT_TIME=0";
        }
        return connect;
    }

    /** Returns the kind of database the URL names, or {@code null} when the library has no DDL for it. */
    public Schema.Dialect dialect() {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return Schema.Dialect.H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Schema.Dialect.POSTGRESQL;
        }
        if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
            return Schema.Dialect.MYSQL;
        }
        return null;
    }

    /**
     * Returns the absolute path of an embedded H2 file database (what H2 resolves {@code ./} and {@code ~/}
     * against), or {@code null} for any other URL.
     */
    public String h2File() {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return null;
        }
        String rest = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("(?i)[a-z]{2,}:.*")) {
            return null; // mem:, tcp:, ssl:, zip:, nio...: not a plain local file
        }
        if (rest.isEmpty()) {
            return null;
        }
        Path path;
        if (rest.equals("~") || rest.startsWith("~/")) {
            path = Path.of(System.getProperty("user.home"), rest.substring(1).replaceFirst("^/", ""));
        } else {
            path = Path.of(System.getProperty("user.dir")).resolve(rest);
        }
        return path.toAbsolutePath().normalize().toString();
    }

    /**
     * Opens one connection.
     *
     * @throws SQLException as the driver reports it
     */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (DriverManager.getLoginTimeout() == 0) {
            DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        }
        String connectUrl = connectUrl();
        Driver driver = bundledDriver(connectUrl);
        if (driver != null) {
            // The driver the URL names, without DriverManager loading and starting every driver on the class path.
            Connection connection = driver.connect(connectUrl, properties);
            if (connection != null) {
                return connection;
            }
        }
        return DriverManager.getConnection(connectUrl, properties);
    }

    /** The driver for a URL of a database the runnable jar bundles, when it is on the class path. */
    private static Driver bundledDriver(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String type = lower.startsWith("jdbc:h2:") ? "org.h2.Driver"
                : lower.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver"
                : lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:") ? "org.mariadb.jdbc.Driver"
                : null;
        if (type == null) {
            return null;
        }
        try {
            return (Driver) Class.forName(type, true, Database.class.getClassLoader()).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
