package dev.intermission.cli;

/** The baseline of a start-up measurement: a JVM that prints one line from the CLI's own class path. */
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
