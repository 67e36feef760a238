package db.slow;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Java migration that, in a child JVM started with {@value #HANG_PROPERTY}, announces itself on standard output
 * and then hangs, so the test can kill the process in the middle of a migration. Elsewhere it just creates a table.
 */
public class V3__Slow_orders extends BaseJavaMigration {

    /** The system property that makes the migration hang. */
    public static final String HANG_PROPERTY = "intermission.test.hang";
    /** The line printed once the migration is running. */
    public static final String RUNNING_LINE = "MIGRATION RUNNING";

    @Override
    public void migrate(Context context) throws Exception {
        if (Boolean.getBoolean(HANG_PROPERTY)) {
            System.out.println(RUNNING_LINE);
            System.out.flush();
            Thread.sleep(600_000);
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("CREATE TABLE slow_orders (id INT NOT NULL, CONSTRAINT slow_orders_pk PRIMARY KEY (id))");
        }
    }
}
