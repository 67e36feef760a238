package dev.intermission.internal;

import java.lang.System.Logger.Level;

/**
 * The library's log lines, through the JDK's {@link System.Logger} (so they reach a container's own log with no
 * extra jar): one line per event with {@code {}} placeholders; a trailing {@link Throwable} argument is named in
 * the line and its stack trace goes to DEBUG only.
 */
public final class Log {

    private final System.Logger logger;

    private Log(System.Logger logger) {
        this.logger = logger;
    }

    /**
     * Returns the log of a class.
     *
     * @param type the class
     * @return its log
     */
    public static Log of(Class<?> type) {
        return new Log(System.getLogger(type.getName()));
    }

    /**
     * Logs at INFO.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void info(String pattern, Object... args) {
        log(Level.INFO, pattern, args);
    }

    /**
     * Logs at WARNING.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void warn(String pattern, Object... args) {
        log(Level.WARNING, pattern, args);
    }

    /**
     * Logs at ERROR.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void error(String pattern, Object... args) {
        log(Level.ERROR, pattern, args);
    }

    /**
     * Logs at DEBUG.
     *
     * @param pattern the line, with {@code {}} placeholders
     * @param args    the values
     */
    public void debug(String pattern, Object... args) {
        log(Level.DEBUG, pattern, args);
    }

    private void log(Level level, String pattern, Object... args) {
        if (!logger.isLoggable(level)) {
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
        logger.log(level, b.toString());
        if (thrown != null && logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, "stack trace of the above", thrown);
        }
    }
}
