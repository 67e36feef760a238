package dev.intermission.benchmarks.cli;

/** The baseline of the CLI's start-up: a JVM that prints one line, with the CLI's jar on its class path. */
public final class Hello {

    private Hello() {
    }

    /**
     * Prints {@code hello}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
