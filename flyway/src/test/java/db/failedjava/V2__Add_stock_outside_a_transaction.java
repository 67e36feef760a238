package db.failedjava;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration that runs outside a transaction (as {@code CREATE INDEX CONCURRENTLY} must on PostgreSQL): its first
 * statement succeeds and stays, its second fails.
 */
public class V2__Add_stock_outside_a_transaction extends BaseJavaMigration {

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String p = context.getConfiguration().getPlaceholders().get("p");
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE " + p + "parts ADD COLUMN stock INT");
            statement.execute("ALTER TABLE " + p + "no_such_parts ADD COLUMN stock INT");
        }
    }
}
