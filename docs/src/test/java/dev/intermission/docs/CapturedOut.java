package dev.intermission.docs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs snippet code that prints, and returns what it printed. */
final class CapturedOut {

    private CapturedOut() {
    }

    /** Runs the code with System.out captured (System.out is shared: tests in one class run one at a time). */
    static synchronized String of(Runnable code) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
