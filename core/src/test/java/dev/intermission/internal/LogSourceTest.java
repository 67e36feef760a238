package dev.intermission.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogSourceTest {

    private static final Log LOG = Log.of(LogSourceTest.class);

    @Test
    void aLineNamesTheClassThatLoggedItAsItsSourceNotTheLogHelper() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                record.getSourceClassName(); // inferred now, while the caller's frame is on the stack
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LogSourceTest.class.getName());
        logger.addHandler(handler);
        try {
            LOG.info("one line about {}", "something");
            LOG.log(System.Logger.Level.INFO, "another line about {0}", "something else");
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(2, records.size());
        assertEquals("one line about something", records.get(0).getMessage());
        for (LogRecord record : records) {
            assertEquals(LogSourceTest.class.getName(), record.getSourceClassName());
        }
        assertEquals("aLineNamesTheClassThatLoggedItAsItsSourceNotTheLogHelper", records.get(0).getSourceMethodName());
    }
}
