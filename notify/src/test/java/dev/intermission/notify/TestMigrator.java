package dev.intermission.notify;

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
import dev.intermission.migration.MigrationFailedException;
import dev.intermission.migration.MigrationPlan;
import dev.intermission.migration.PendingMigration;
import dev.intermission.migration.SchemaMigrator;

/**
 * A small real migrator for the tests: numbered SQL statements applied in order and recorded in a table of its
 * own; a statement that fails stops the migration, with what was applied before it.
 */
final class TestMigrator implements SchemaMigrator {

    private final DataSource dataSource;
    private final String table;
    private final Map<String, String> migrations = new LinkedHashMap<>();

    TestMigrator(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    TestMigrator add(String version, String sql) {
        migrations.put(version, sql);
        return this;
    }

    @Override
    public MigrationPlan plan() {
        List<String> done = applied();
        List<PendingMigration> pending = new ArrayList<>();
        migrations.keySet().stream().filter(v -> !done.contains(v))
                .forEach(v -> pending.add(new PendingMigration(v, "step " + v, "V" + v + "__step.sql")));
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
                s.execute("INSERT INTO " + table + " (version) VALUES ('" + p.version() + "')");
            } catch (SQLException e) {
                throw new MigrationFailedException("V" + p.version() + " failed: " + e.getMessage().lines()
                        .findFirst().orElse(""), e, applied);
            }
            applied.add(new AppliedMigration(p.version(), p.description(), p.script(),
                    (System.nanoTime() - start) / 1_000_000));
        }
        return applied;
    }

    private List<String> applied() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (version VARCHAR(20) NOT NULL)");
            List<String> versions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM " + table + " ORDER BY version")) {
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
