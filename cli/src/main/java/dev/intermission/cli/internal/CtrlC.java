package dev.intermission.cli.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handles Ctrl-C (SIGINT) in the command instead of letting it end the JVM, for as long as it is installed: the
 * first Ctrl-C runs the given action, and puts the previous handling back, so a second one ends the JVM as usual.
 *
 * <p>It uses the JDK's {@code sun.misc.Signal} through reflection (module {@code jdk.unsupported}); where that is
 * not available, nothing is installed and Ctrl-C ends the JVM, running its shutdown hooks.
 */
final class CtrlC implements AutoCloseable {

    private final Object signal;
    private final Object previous;
    private final Method handle;
    private volatile boolean restored;

    private CtrlC(Object signal, Object previous, Method handle) {
        this.signal = signal;
        this.previous = previous;
        this.handle = handle;
    }

    /**
     * Installs the handling.
     *
     * @param onFirst what the first Ctrl-C does; it runs on a thread of its own
     * @return the installed handling, or {@code null} when this JVM does not let the command handle signals
     */
    static CtrlC install(Runnable onFirst) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance("INT");
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            CtrlC[] installed = new CtrlC[1];
            InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    installed[0].close();
                    onFirst.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "Ctrl-C handler of the migrate command";
            };
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, calls);
            installed[0] = new CtrlC(signal, null, handle);
            Object previous = handle.invoke(null, signal, handler);
            installed[0] = new CtrlC(signal, previous, handle);
            return installed[0];
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Puts the previous handling back (once). */
    @Override
    public void close() {
        if (restored || previous == null) {
            return;
        }
        restored = true;
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The JVM keeps this handler; it only prints a notice while the command runs.
        }
    }
}
