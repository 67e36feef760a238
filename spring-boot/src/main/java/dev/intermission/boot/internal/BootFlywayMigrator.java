package dev.intermission.boot.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

import dev.intermission.internal.Tables;
import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * The application's Flyway, exactly as Spring Boot configured it ({@code spring.flyway.*}, callbacks, Java
 * migrations), as a {@link SchemaMigrator} for a migration window. A migration whose failure Flyway recorded counts
 * as pending. On a database whose only tables are the library's own (a new application), the first migration is
 * applied as if the schema were empty, which Flyway would otherwise refuse.
 */
public final class BootFlywayMigrator implements SchemaMigrator {

    private static final System.Logger LOG = System.getLogger(BootFlywayMigrator.class.getName());

    private final Flyway flyway;

    /**
     * Wraps Boot's Flyway.
     *
     * @param flyway the application's Flyway bean
     */
    public BootFlywayMigrator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public MigrationPlan plan() {
        String current = null;
        List<PendingMigration> pending = new ArrayList<>();
        for (MigrationInfo m : flyway.info().applied()) {
            if (m.getState().isFailed()) {
                pending.add(pending(m));
            } else if (m.getVersion() != null) {
                current = m.getVersion().getVersion();
            }
        }
        for (MigrationInfo m : flyway.info().pending()) {
            pending.add(pending(m));
        }
        String target = current;
        for (PendingMigration m : pending) {
            if (m.version() != null) {
                target = m.version();
            }
        }
        return new MigrationPlan(current, target, pending);
    }

    @Override
    public List<AppliedMigration> migrate() {
        Flyway runner = onlyLibraryTables() ? baselineAtZero() : flyway;
        Set<Integer> before = ranks(runner);
        try {
            runner.migrate();
        } catch (FlywayException e) {
            List<AppliedMigration> partial;
            try {
                partial = appliedSince(runner, before);
            } catch (RuntimeException ignored) {
                partial = List.of();
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().strip().lines().findFirst().orElse("");
            throw new MigrationFailedException(message, e, partial);
        }
        return appliedSince(runner, before);
    }

    @Override
    public void validate() {
        ValidateResult result = flyway.validateWithResult();
        if (!result.validationSuccessful) {
            throw new IllegalStateException("validation failed: " + result.getAllErrorMessages());
        }
        SchemaMigrator.super.validate();
    }

    @Override
    public String toString() {
        return "BootFlywayMigrator[" + List.of(flyway.getConfiguration().getLocations()) + "]";
    }

    private static PendingMigration pending(MigrationInfo m) {
        return new PendingMigration(m.getVersion() == null ? null : m.getVersion().getVersion(), m.getDescription(),
                m.getScript());
    }

    private static Set<Integer> ranks(Flyway f) {
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

    /** Whether Flyway would refuse the schema only because of the library's own tables. */
    private boolean onlyLibraryTables() {
        Configuration c = flyway.getConfiguration();
        if (c.isBaselineOnMigrate() || c.getDataSource() == null) {
            return false;
        }
        DataSource dataSource = c.getDataSource();
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
            LOG.log(System.Logger.Level.DEBUG, "Cannot list the tables of the schema; leaving the baseline to "
                    + "Flyway: {0}", e.getMessage());
            return false;
        }
    }

    private Flyway baselineAtZero() {
        return Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("Empty schema (only Intermission tables)")
                .load();
    }
}
