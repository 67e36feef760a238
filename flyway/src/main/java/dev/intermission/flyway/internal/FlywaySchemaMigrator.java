package dev.intermission.flyway.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.internal.Tables;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.FailedMigration;
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;

/** The Flyway {@link SchemaMigrator}: the application's locations and history table, Flyway's own behaviour. */
public final class FlywaySchemaMigrator implements SchemaMigrator {

    private static final Logger LOG = System.getLogger(FlywaySchemaMigrator.class.getName());

    /** What the public builder collected, validated. */
    public record Settings(DataSource dataSource, List<String> locations, List<String> addedLocations, String table,
            Map<String, String> configuration, ClassLoader classLoader, boolean repairFailedMigrations) {
    }

    private final Flyway flyway;
    private final ClassLoader classLoader;
    private final boolean repairFailed;
    private final boolean baselineConfigured;

    private FlywaySchemaMigrator(Flyway flyway, ClassLoader classLoader, boolean repairFailed,
            boolean baselineConfigured) {
        this.flyway = flyway;
        this.classLoader = classLoader;
        this.repairFailed = repairFailed;
        this.baselineConfigured = baselineConfigured;
    }

    /**
     * Wraps a Flyway the application configured itself (for example Spring Boot's, with its callbacks and Java
     * migrations), used exactly as configured: failed entries are not repaired, and the baseline at zero is applied
     * only where Flyway would refuse a schema holding nothing but the library's tables.
     *
     * @param flyway the application's Flyway
     * @return the migrator
     */
    public static FlywaySchemaMigrator of(Flyway flyway) {
        return new FlywaySchemaMigrator(flyway, flyway.getConfiguration().getClassLoader(), false, false);
    }

    /**
     * Builds the Flyway configuration: the properties first, then the explicit settings over them.
     *
     * @param s what the builder collected
     * @return the migrator
     */
    public static FlywaySchemaMigrator create(Settings s) {
        FluentConfiguration config = Flyway.configure(s.classLoader());
        try {
            if (!s.configuration().isEmpty()) {
                config.configuration(s.configuration());
            }
            if (s.dataSource() != null) {
                config.dataSource(s.dataSource());
            }
            List<String> locations = new ArrayList<>();
            if (s.locations() != null) {
                locations.addAll(s.locations());
            } else if (s.configuration().containsKey("flyway.locations")) {
                Arrays.stream(config.getLocations()).map(Location::getDescriptor).forEach(locations::add);
            } else {
                locations.add(FlywayMigrator.DEFAULT_LOCATION);
            }
            for (String added : s.addedLocations()) {
                if (!locations.contains(added)) {
                    locations.add(added);
                }
            }
            config.locations(locations.toArray(String[]::new));
            if (s.table() != null) {
                config.table(s.table());
            } else if (!s.configuration().containsKey("flyway.table")) {
                config.table(FlywayMigrator.DEFAULT_TABLE);
            }
        } catch (FlywayException e) {
            Optional<String> missingModule = DatabaseModules.explain(e);
            if (missingModule.isPresent()) {
                throw new IllegalStateException(missingModule.get(), e);
            }
            throw new IllegalArgumentException("configuration: " + e.getMessage(), e);
        }
        boolean baselineConfigured = s.configuration().containsKey("flyway.baselineOnMigrate");
        return new FlywaySchemaMigrator(config.load(), s.classLoader(), s.repairFailedMigrations(),
                baselineConfigured);
    }

    /**
     * Reads the plan. A migration whose failure Flyway recorded (databases without transactional DDL) counts as
     * pending, and is the plan's {@linkplain MigrationPlan#failedMigration() failed migration}: the schema is not at
     * its target, and a window must run it again or fail saying why.
     */
    @Override
    public MigrationPlan plan() {
        MigrationInfoService info = info();
        String currentVersion = null;
        List<PendingMigration> pending = new ArrayList<>();
        MigrationInfo failed = null;
        for (MigrationInfo m : info.applied()) {
            if (m.getState().isFailed()) {
                pending.add(pending(m));
                failed = m;
            } else if (m.getVersion() != null) {
                currentVersion = m.getVersion().getVersion();
            }
        }
        for (MigrationInfo m : info.pending()) {
            pending.add(pending(m));
        }
        String target = currentVersion;
        for (PendingMigration m : pending) {
            if (m.version() != null) {
                target = m.version();
            }
        }
        return new MigrationPlan(currentVersion, target, pending, failed == null ? null : failure(failed));
    }

    /**
     * Reads the migration that the schema history records as failed, changing nothing. It is also the first
     * pending migration of {@link #plan()}.
     *
     * @return the last failed migration, or empty when none is recorded
     */
    public Optional<FailedMigration> failedMigration() {
        MigrationInfo failed = null;
        for (MigrationInfo m : info().applied()) {
            if (m.getState().isFailed()) {
                failed = m;
            }
        }
        return failed == null ? Optional.empty() : Optional.of(failure(failed));
    }

    private FailedMigration failure(MigrationInfo failed) {
        Date installedOn = failed.getInstalledOn();
        return new RecordedFailure(failed.getVersion() == null ? null : failed.getVersion().getVersion(),
                failed.getDescription(), failed.getScript(), installedOn == null ? null : installedOn.toInstant(),
                databaseRollsBackDdl());
    }

    /**
     * Reads whether the database rolls DDL back with its transaction, so that a script that fails leaves nothing
     * behind (PostgreSQL), or not, so that it may leave its first statements applied (H2, MySQL, MariaDB).
     *
     * @return {@code true} for a database known to roll DDL back; {@code false} otherwise, and when unknown
     */
    public boolean databaseRollsBackDdl() {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        if (dataSource == null) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return rollsBackDdl(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Cannot read which database this is; not counting on DDL rollback", e);
            return false;
        }
    }

    /**
     * Whether a database rolls DDL back with its transaction, by its JDBC product name: PostgreSQL does; H2, MySQL
     * and MariaDB (and every database not known here) are taken not to.
     */
    static boolean rollsBackDdl(String productName) {
        return productName != null && productName.toLowerCase(Locale.ROOT).contains("postgres");
    }

    private MigrationInfoService info() {
        try {
            return flyway.info();
        } catch (FlywayException e) {
            throw withModuleNamed(e);
        }
    }

    private static PendingMigration pending(MigrationInfo m) {
        return new PendingMigration(m.getVersion() == null ? null : m.getVersion().getVersion(), m.getDescription(),
                m.getScript());
    }

    @Override
    public List<AppliedMigration> migrate() {
        Flyway runner;
        Set<Integer> before;
        try {
            runner = needsBaseline() ? withBaselineAtZero() : flyway;
            if (repairFailed) {
                repairFailedEntries(runner);
            }
            before = appliedRanks(runner);
        } catch (FlywayException e) {
            Optional<String> missingModule = DatabaseModules.explain(e);
            if (missingModule.isPresent()) {
                throw new MigrationFailedException(missingModule.get(), e, List.of());
            }
            throw e;
        }
        try {
            runner.migrate();
        } catch (FlywayException e) {
            Optional<String> missingModule = DatabaseModules.explain(e);
            if (missingModule.isPresent()) {
                throw new MigrationFailedException(missingModule.get(), e, List.of());
            }
            List<AppliedMigration> partial;
            try {
                partial = appliedSince(runner, before);
            } catch (RuntimeException ignored) {
                partial = List.of();
            }
            throw new MigrationFailedException(FailureText.of(failedScript(runner), e), e, partial);
        }
        return appliedSince(runner, before);
    }

    /**
     * The script that just failed: the one the history records as failed (no DDL rollback), else the first pending
     * one (the failed script was rolled back); {@code null} when the history cannot be read.
     */
    private static String failedScript(Flyway f) {
        try {
            MigrationInfoService info = f.info();
            String failed = null;
            for (MigrationInfo m : info.applied()) {
                if (m.getState().isFailed()) {
                    failed = m.getScript();
                }
            }
            if (failed != null) {
                return failed;
            }
            MigrationInfo[] pending = info.pending();
            return pending.length == 0 ? null : pending[0].getScript();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Cannot read which migration failed", e);
            return null;
        }
    }

    @Override
    public void validate() {
        ValidateResult result;
        try {
            result = flyway.validateWithResult();
        } catch (FlywayException e) {
            throw withModuleNamed(e);
        }
        if (!result.validationSuccessful) {
            throw new IllegalStateException("validation failed: " + result.getAllErrorMessages());
        }
        SchemaMigrator.super.validate();
    }

    /** Flyway's failure, or a clear one naming the database module the application lacks. */
    private static RuntimeException withModuleNamed(FlywayException e) {
        Optional<String> missingModule = DatabaseModules.explain(e);
        return missingModule.isPresent() ? new IllegalStateException(missingModule.get(), e) : e;
    }

    @Override
    public String toString() {
        Configuration c = flyway.getConfiguration();
        return "FlywayMigrator[" + Arrays.toString(c.getLocations()) + ", table " + c.getTable() + "]";
    }

    private static Set<Integer> appliedRanks(Flyway f) {
        Set<Integer> ranks = new HashSet<>();
        for (MigrationInfo m : f.info().applied()) {
            if (m.getInstalledRank() != null) {
                ranks.add(m.getInstalledRank());
            }
        }
        return ranks;
    }

    private static List<AppliedMigration> appliedSince(Flyway f, Set<Integer> before) {
        List<AppliedMigration> applied = new ArrayList<>();
        for (MigrationInfo m : f.info().applied()) {
            MigrationState state = m.getState();
            if (m.getInstalledRank() == null || before.contains(m.getInstalledRank()) || state.isFailed()
                    || state == MigrationState.BASELINE || m.getType().isBaseline()) {
                continue;
            }
            applied.add(new AppliedMigration(m.getVersion() == null ? null : m.getVersion().getVersion(),
                    m.getDescription(), m.getScript(), m.getExecutionTime() == null ? 0 : m.getExecutionTime()));
        }
        return applied;
    }

    /**
     * Whether Flyway would refuse the schema only because of the library's own tables: the schema holds tables,
     * all of them the library's, and no history table of the application's yet.
     */
    private boolean needsBaseline() {
        if (baselineConfigured || flyway.getConfiguration().isBaselineOnMigrate()) {
            return false;
        }
        Configuration c = flyway.getConfiguration();
        DataSource dataSource = c.getDataSource();
        if (dataSource == null) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            String schema = c.getDefaultSchema() != null ? c.getDefaultSchema()
                    : c.getSchemas().length > 0 ? c.getSchemas()[0] : connection.getSchema();
            DatabaseMetaData meta = connection.getMetaData();
            boolean any = false;
            try (ResultSet tables = meta.getTables(connection.getCatalog(), schema, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    any = true;
                    if (!Tables.isLibraryTable(tables.getString("TABLE_NAME"))) {
                        return false;
                    }
                }
            }
            return any;
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Cannot list the tables of the schema; leaving the baseline to Flyway", e);
            return false;
        }
    }

    private Flyway withBaselineAtZero() {
        return Flyway.configure(classLoader)
                .configuration(flyway.getConfiguration())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("Empty schema (only Intermission tables)")
                .load();
    }

    /** Removes failed entries with Flyway's repair, only when they are the sole validation errors. */
    private static void repairFailedEntries(Flyway f) {
        Set<String> failed = new HashSet<>();
        for (MigrationInfo m : f.info().all()) {
            if (m.getState().isFailed()) {
                failed.add(m.getVersion() == null ? m.getDescription() : m.getVersion().getVersion());
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        ValidateResult result = f.validateWithResult();
        List<ValidateOutput> invalid = result.invalidMigrations == null ? List.of() : result.invalidMigrations;
        boolean onlyFailed = invalid.stream().allMatch(o -> failed.contains(o.version)
                || failed.contains(o.description));
        if (!onlyFailed) {
            LOG.log(Level.WARNING, "Not repairing the failed migrations " + failed
                    + ": the schema history has other validation errors");
            return;
        }
        LOG.log(Level.WARNING, "Removing the history entries of the failed migrations " + failed
                + " so that they run again");
        f.repair();
    }
}
