package dev.intermission.internal;

import java.lang.System.Logger.Level;
import java.util.ResourceBundle;

/**
 * The library's log lines, through the JDK's {@link System.Logger} (so they reach a container's own log with no
 * extra jar): one line per event with {@code {}} placeholders; a trailing {@link Throwable} argument is named in
 * the line and its stack trace goes to DEBUG only. It is itself a {@link System.Logger}, so the JDK names the
 * library's class that logged as the source of each line, not this one.
 */
public final class Log implements System.Logger {

    private final String name;
    /** Found at the first line or level check, since finding it starts the JDK's logging (a short run may not log). */
    private volatile System.Logger logger;

    private Log(String name) {
        this.name = name;
    }

    /**
     * Returns the log of a class.
     *
     * @param type the class
     * @return its log
     */
    public static Log of(Class<?> type) {
        return new Log(type.getName());
    }

    /**
     * Logs at INFO.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void info(String pattern, Object... args) {
        line(Level.INFO, pattern, args);
    }

    /**
     * Logs at WARNING.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void warn(String pattern, Object... args) {
        line(Level.WARNING, pattern, args);
    }

    /**
     * Logs at ERROR.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void error(String pattern, Object... args) {
        line(Level.ERROR, pattern, args);
    }

    /**
     * Logs at DEBUG.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void debug(String pattern, Object... args) {
        line(Level.DEBUG, pattern, args);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return logger().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        logger().log(level, bundle, msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        logger().log(level, bundle, format, params);
    }

    private void line(Level level, String pattern, Object... args) {
        if (!logger().isLoggable(level)) {
            return;
        }
        Throwable thrown = args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
        int used = thrown == null ? args.length : args.length - 1;
        StringBuilder b = new StringBuilder(pattern.length() + 32);
        int arg = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}' && arg < used) {
                b.append(args[arg++]);
                i++;
            } else {
                b.append(c);
            }
        }
        if (thrown != null && arg == used && !b.toString().contains(String.valueOf(thrown.getMessage()))) {
            b.append(" (").append(StoreFailures.rootMessage(thrown)).append(')');
        }
        logger().log(level, b.toString());
        if (thrown != null && logger().isLoggable(Level.DEBUG)) {
            logger().log(Level.DEBUG, "stack trace of the above", thrown);
        }
    }

    private System.Logger logger() {
        System.Logger l = logger;
        if (l == null) {
            l = System.getLogger(name);
            logger = l;
        }
        return l;
    }
}
