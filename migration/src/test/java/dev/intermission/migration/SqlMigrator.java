package dev.intermission.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import dev.intermission.migration.AppliedMigration;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;

/**
 * A small real {@link SchemaMigrator} for the engine's own tests: numbered SQL statements, applied in order, each
 * recorded in a table of its own ({@code test_schema_version}).
 */
public final class SqlMigrator implements SchemaMigrator {

    private final DataSource dataSource;
    private final Map<String, String> migrations = new LinkedHashMap<>();

    /**
     * Creates a migrator.
     *
     * @param dataSource the database
     */
    public SqlMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds a migration.
     *
     * @param version its version, numbers in order
     * @param sql     one statement
     * @return this
     */
    public SqlMigrator add(String version, String sql) {
        migrations.put(version, sql);
        return this;
    }

    @Override
    public MigrationPlan plan() {
        List<String> done = applied();
        List<PendingMigration> pending = new ArrayList<>();
        migrations.keySet().stream().filter(v -> !done.contains(v))
                .forEach(v -> pending.add(new PendingMigration(v, "step " + v, "V" + v)));
        String current = done.isEmpty() ? null : done.get(done.size() - 1);
        String target = pending.isEmpty() ? current : pending.get(pending.size() - 1).version();
        return new MigrationPlan(current, target, pending);
    }

    @Override
    public List<AppliedMigration> migrate() {
        List<AppliedMigration> applied = new ArrayList<>();
        for (PendingMigration p : plan().pending()) {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute(migrations.get(p.version()));
                s.execute("INSERT INTO test_schema_version (version) VALUES ('" + p.version() + "')");
            } catch (SQLException e) {
                throw new IllegalStateException("V" + p.version() + " failed: " + e.getMessage(), e);
            }
            applied.add(new AppliedMigration(p.version(), p.description(), p.script(),
                    (System.nanoTime() - start) / 1_000_000));
        }
        return applied;
    }

    private List<String> applied() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS test_schema_version (version VARCHAR(20) NOT NULL)");
            List<String> versions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM test_schema_version ORDER BY version")) {
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
