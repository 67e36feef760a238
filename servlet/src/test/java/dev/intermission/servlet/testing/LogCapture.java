package dev.intermission.servlet.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the library logs through {@link System.Logger} (which lands in java.util.logging when no other
 * backend is installed, as in a servlet container): every record under {@code dev.intermission}, formatted.
 */
public final class LogCapture implements AutoCloseable {

    /** One captured line. */
    public record Line(Level level, String logger, String message, Throwable thrown) {
    }

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private final Logger logger = Logger.getLogger("dev.intermission");
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new Line(record.getLevel(), record.getLoggerName(), FORMATTER.formatMessage(record),
                    record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        logger.addHandler(handler);
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it
     */
    public static LogCapture start() {
        return new LogCapture();
    }

    /**
     * Returns the lines captured so far.
     *
     * @return the lines, oldest first
     */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /**
     * Returns the captured lines at a level whose message holds a text.
     *
     * @param level the level
     * @param text  the text
     * @return the matching lines
     */
    public List<Line> lines(Level level, String text) {
        return lines.stream().filter(l -> l.level().equals(level) && l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
