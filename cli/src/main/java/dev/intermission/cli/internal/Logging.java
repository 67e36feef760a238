package dev.intermission.cli.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The standalone command line's log: silent unless {@code --verbose}, then one line per record on standard error.
 * Everything logs through {@code java.util.logging} in the runnable jar (the library's {@code System.Logger},
 * Flyway, and SLF4J through its JDK binding).
 */
public final class Logging {

    private Logging() {
    }

    /**
     * Configures the JVM's logging for one run of the command line.
     *
     * @param args the arguments; {@code -v} or {@code --verbose} turns the log on
     */
    public static void configure(String[] args) {
        boolean verbose = false;
        for (String arg : args) {
            if (arg.equals("-v") || arg.equals("--verbose")) {
                verbose = true;
            }
        }
        if (!verbose) {
            // Left to start when something first logs (often nothing does: java.util.logging's start is about
            // 10 ms of a short command), then silent.
            System.setProperty("java.util.logging.config.class", Silent.class.getName());
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    /**
     * The configuration of a run without {@code --verbose}, which {@code java.util.logging} instantiates when it
     * starts: no handler, every level off.
     */
    public static final class Silent {

        /**
         * Configures the log manager that is starting.
         *
         * @throws IOException never (the configuration is in memory)
         */
        public Silent() throws IOException {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream("handlers=\n.level=OFF\n".getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    /** {@code LEVEL logger: message}, and the stack trace when there is one. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder();
            String name = record.getLoggerName() == null ? "" : record.getLoggerName();
            line.append(record.getLevel().getName()).append(' ').append(name.substring(name.lastIndexOf('.') + 1))
                    .append(": ").append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
