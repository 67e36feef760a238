package dev.intermission.cli.internal;

import java.util.concurrent.Callable;

import dev.intermission.InvalidValueException;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.internal.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code schema --print}: the SQL that creates the library's tables, for a database administrator to apply. */
@Command(name = "schema", sortOptions = false,
        description = {"Print the SQL that creates the library's tables, to review and apply by hand where the "
                + "application may not create tables itself. Connects to nothing."})
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--print", description = "Print the SQL on standard output.")
    boolean print;

    @Option(names = "--database", paramLabel = "KIND", converter = DialectConverter.class,
            description = "h2, postgresql or mysql (MariaDB too); default: the kind of --jdbc-url or "
                    + MaintenanceCli.JDBC_URL_ENV + ".")
    Schema.Dialect dialect;

    private final Commands.Root root;

    SchemaCommand(Commands.Root root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (!print) {
            throw new ParameterException(spec.commandLine(), "missing option: give --print");
        }
        String prefix = root.tablePrefix();
        Schema.Dialect kind = dialect;
        if (kind == null) {
            Database database;
            try {
                database = root.db();
            } catch (ParameterException e) {
                throw new ParameterException(spec.commandLine(), "--database: give h2, postgresql or mysql (or a "
                        + "--jdbc-url to take it from)");
            }
            kind = database.dialect();
            if (kind == null) {
                throw new InvalidValueException("--database", null, "must be given: the kind of "
                        + database.display() + " is not one the library has SQL for (h2, postgresql, mysql)");
            }
        }
        root.out().print(StateAccess.ddl(kind, prefix));
        return MaintenanceCli.EXIT_OK;
    }

    /** Converts {@code h2}, {@code postgresql} ({@code postgres}), {@code mysql} or {@code mariadb}. */
    static final class DialectConverter implements ITypeConverter<Schema.Dialect> {
        @Override
        public Schema.Dialect convert(String value) {
            return Schema.Dialect.parse(value).orElseThrow(() -> new InvalidValueException(Options.FIELD, value,
                    "must be h2, postgresql or mysql"));
        }
    }
}
