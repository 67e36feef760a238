package dev.intermission.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what one of the library's loggers writes (System.Logger goes to java.util.logging in the tests). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] params = record.getParameters();
            if (params != null && params.length > 0) {
                message = java.text.MessageFormat.format(message, params);
            }
            lines.add(record.getLevel() + " " + message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        this.levelBefore = logger.getLevel();
        // Debug lines too: some events are logged below INFO so that a container's log stays one line per outage.
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts capturing the lines of a class's logger. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    /** Starts capturing the lines of a logger by name. */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** Returns the lines captured so far, each as {@code LEVEL message}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns the lines that contain a text. */
    public List<String> linesContaining(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }
}
