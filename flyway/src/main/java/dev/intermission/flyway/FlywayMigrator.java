package dev.intermission.flyway;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

import dev.intermission.flyway.internal.FlywaySchemaMigrator;
import dev.intermission.migration.SchemaMigrator;

/**
 * Builds a {@link SchemaMigrator} that runs the application's Flyway migrations, with the application's locations
 * and history table, never the library's own ({@code intermission_schema_history},
 * {@code classpath:dev/intermission/schema}).
 *
 * <pre>{@code
 * SchemaMigrator migrator = FlywayMigrator.newBuilder()
 *         .dataSource(dataSource)
 *         .locations("classpath:db/migration")
 *         .table("flyway_schema_history")
 *         .addLocations("filesystem:hotfixes")   // scripts an operator ships separately
 *         .build();
 * }</pre>
 *
 * <p>On a database whose only tables are the library's (a new application), the first migration is applied as if
 * the schema were empty: Flyway would otherwise refuse a non-empty schema without its history table.
 *
 * <p>Only {@code flyway-core} comes with this artifact. PostgreSQL needs {@code flyway-database-postgresql}, MySQL
 * and MariaDB need {@code flyway-mysql}, in the application's own Flyway version; without the module, planning and
 * migrating fail with a message naming it (see the {@linkplain dev.intermission.flyway package} documentation).
 */
public final class FlywayMigrator {

    /** Flyway's default location, used when none is given. */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";
    /** Flyway's default history table, used when none is given. */
    public static final String DEFAULT_TABLE = "flyway_schema_history";

    private static final String LIBRARY_PATH = "dev/intermission/schema";
    private static final String LIBRARY_TABLE = "intermission_schema_history";

    private FlywayMigrator() {
    }

    /**
     * Starts building a Flyway migrator.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A mutable builder of one Flyway {@link SchemaMigrator}; setters fail fast on bad values. */
    public static final class Builder {
        private DataSource dataSource;
        private List<String> locations;
        private final List<String> addedLocations = new ArrayList<>();
        private String table;
        private final Map<String, String> configuration = new LinkedHashMap<>();
        private ClassLoader classLoader;
        private boolean repairFailedMigrations;

        private Builder() {
        }

        /**
         * Sets the database to migrate; the application's DataSource, or the one the maintenance service uses.
         *
         * @param dataSource the DataSource
         * @return this builder
         * @throws IllegalArgumentException when {@code null}
         */
        public Builder dataSource(DataSource dataSource) {
            if (dataSource == null) {
                throw new IllegalArgumentException("dataSource: must not be null");
            }
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Sets the application's migration locations, replacing any from {@link #configuration(Map)};
         * {@value #DEFAULT_LOCATION} unless set.
         *
         * @param locations Flyway locations ({@code classpath:...}, {@code filesystem:...}), at least one
         * @return this builder
         * @throws IllegalArgumentException when none is given, one is blank, or one holds the library's migrations
         */
        public Builder locations(String... locations) {
            this.locations = checkLocations("locations", locations, false);
            return this;
        }

        /**
         * Adds locations to the application's own, for scripts an operator ships separately (the CLI's repeatable
         * {@code --location}); each must exist.
         *
         * @param locations Flyway locations ({@code classpath:...}, {@code filesystem:...})
         * @return this builder
         * @throws IllegalArgumentException when one is blank, does not exist, or holds the library's migrations
         */
        public Builder addLocations(String... locations) {
            addedLocations.addAll(checkLocations("location", locations, true));
            return this;
        }

        /**
         * Sets the application's history table, replacing any from {@link #configuration(Map)};
         * {@value #DEFAULT_TABLE} unless set.
         *
         * @param table a table name: letters, digits and {@code _}, at most 128 characters
         * @return this builder
         * @throws IllegalArgumentException when invalid or the library's own history table
         */
        public Builder table(String table) {
            this.table = checkTable("table", table);
            return this;
        }

        /**
         * Applies the application's Flyway configuration, as Flyway properties ({@code flyway.schemas},
         * {@code flyway.placeholders.x}, {@code flyway.url}...); the other setters win over it.
         *
         * @param flywayProperties keys starting with {@code flyway.}
         * @return this builder
         * @throws IllegalArgumentException when a key does not start with {@code flyway.}, or the properties name
         *                                  the library's own location or history table
         */
        public Builder configuration(Map<String, String> flywayProperties) {
            if (flywayProperties == null) {
                throw new IllegalArgumentException("configuration: must not be null");
            }
            for (Map.Entry<String, String> e : flywayProperties.entrySet()) {
                if (e.getKey() == null || !e.getKey().startsWith("flyway.")) {
                    throw new IllegalArgumentException("configuration: key '" + e.getKey()
                            + "' does not start with 'flyway.'");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("configuration: " + e.getKey() + " has no value");
                }
            }
            String tableProperty = flywayProperties.get("flyway.table");
            if (tableProperty != null) {
                checkTable("configuration: flyway.table", tableProperty);
            }
            String locationsProperty = flywayProperties.get("flyway.locations");
            if (locationsProperty != null) {
                checkLocations("configuration: flyway.locations", locationsProperty.split(","), false);
            }
            configuration.putAll(flywayProperties);
            return this;
        }

        /**
         * Sets the class loader that finds classpath migrations (SQL scripts and Java migrations); the thread's
         * context class loader unless set.
         *
         * @param classLoader the class loader
         * @return this builder
         * @throws IllegalArgumentException when {@code null}
         */
        public Builder classLoader(ClassLoader classLoader) {
            if (classLoader == null) {
                throw new IllegalArgumentException("classLoader: must not be null");
            }
            this.classLoader = classLoader;
            return this;
        }

        /**
         * Sets whether migrating first removes the history entries of migrations that failed (recorded by
         * databases without transactional DDL, such as MySQL and H2), so that a fixed script runs again; done only
         * when those entries are the sole validation errors. Off by default: a failed script may have been partly
         * applied, and someone should check the schema first.
         *
         * @param repair {@code true} to retry failed migrations
         * @return this builder
         */
        public Builder repairFailedMigrations(boolean repair) {
            this.repairFailedMigrations = repair;
            return this;
        }

        /**
         * Builds the migrator; it reads nothing until asked.
         *
         * @return the migrator
         * @throws IllegalStateException    when neither a DataSource nor {@code flyway.url} is set, or when
         *                                  {@code flyway.url} names a database whose Flyway module is missing (the
         *                                  message names the artifact to add)
         * @throws IllegalArgumentException when Flyway rejects the configuration
         */
        public SchemaMigrator build() {
            if (dataSource == null && !configuration.containsKey("flyway.url")) {
                throw new IllegalStateException("dataSource: set a DataSource (or flyway.url in the configuration)");
            }
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = FlywayMigrator.class.getClassLoader();
            }
            return FlywaySchemaMigrator.create(new FlywaySchemaMigrator.Settings(dataSource,
                    locations == null ? null : List.copyOf(locations), List.copyOf(addedLocations), table,
                    Map.copyOf(configuration), loader, repairFailedMigrations));
        }

        private List<String> checkLocations(String field, String[] given, boolean mustExist) {
            if (given == null || given.length == 0) {
                throw new IllegalArgumentException(field + ": give at least one location");
            }
            List<String> checked = new ArrayList<>();
            for (String location : given) {
                String l = checkLocation(field, location);
                if (mustExist) {
                    checkExists(field, l);
                }
                checked.add(l);
            }
            return checked;
        }

        private void checkExists(String field, String location) {
            if (location.contains("*") || location.contains("?")) {
                return;
            }
            String lower = location.toLowerCase(Locale.ROOT);
            if (lower.startsWith("filesystem:")) {
                String path = location.substring("filesystem:".length());
                try {
                    if (!Files.isDirectory(Path.of(path))) {
                        throw new IllegalArgumentException(field + ": '" + location + "' is not a directory");
                    }
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException(field + ": '" + location + "' is not a valid path");
                }
            } else if (lower.startsWith("classpath:") || !location.contains(":")) {
                String path = stripSlashes(lower.startsWith("classpath:")
                        ? location.substring("classpath:".length()) : location);
                ClassLoader loader = classLoader != null ? classLoader
                        : Thread.currentThread().getContextClassLoader();
                if (loader == null) {
                    loader = FlywayMigrator.class.getClassLoader();
                }
                if (loader.getResource(path) == null && loader.getResource(path + "/") == null) {
                    throw new IllegalArgumentException(field + ": '" + location + "' is not on the class path");
                }
            }
        }
    }

    static String checkLocation(String field, String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        String l = location.strip();
        if (l.length() > 1000) {
            throw new IllegalArgumentException(field + ": longer than 1000 characters");
        }
        if (l.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(field + ": contains a control character");
        }
        if (holdsLibraryMigrations(l)) {
            throw new IllegalArgumentException(field + ": '" + l + "' holds the library's own migrations "
                    + "(classpath:" + LIBRARY_PATH + "); give the application's locations");
        }
        return l;
    }

    /** Whether a classpath location is, or contains, the library's migrations (Flyway scans sub-folders). */
    static boolean holdsLibraryMigrations(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        String path;
        if (lower.startsWith("classpath:")) {
            path = location.substring("classpath:".length());
        } else if (!location.contains(":")) {
            path = location;
        } else {
            return false;
        }
        path = stripSlashes(path.replace('\\', '/'));
        int wildcard = indexOfWildcard(path);
        if (wildcard >= 0) {
            return LIBRARY_PATH.startsWith(path.substring(0, wildcard));
        }
        return path.isEmpty() || path.equals(LIBRARY_PATH) || LIBRARY_PATH.startsWith(path + "/")
                || path.startsWith(LIBRARY_PATH + "/");
    }

    static String checkTable(String field, String table) {
        if (table == null || !table.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw new IllegalArgumentException(field + ": must be letters, digits or '_' (at most 128), was '"
                    + table + "'");
        }
        if (table.toLowerCase(Locale.ROOT).endsWith(LIBRARY_TABLE)) {
            throw new IllegalArgumentException(field + ": '" + table + "' is the library's own history table; "
                    + "give the application's");
        }
        return table;
    }

    private static int indexOfWildcard(String path) {
        int star = path.indexOf('*');
        int question = path.indexOf('?');
        if (star < 0) {
            return question;
        }
        return question < 0 ? star : Math.min(star, question);
    }

    private static String stripSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
