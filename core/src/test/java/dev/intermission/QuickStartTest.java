package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.intermission.testing.Databases;

/** The README's quick start, line for line: the docs check finds these lines here. */
class QuickStartTest {

    @Test
    void readmeQuickStart_runs() {
        DataSource dataSource = Databases.newH2();
        // tag::quick-start[]
        MaintenanceService maintenance = Maintenance.newBuilder()
                .dataSource(dataSource)                      // or .jdbcUrl(url, user, password): a 2-connection pool of its own
                .serviceName("billing")                      // several services can share one database
                .refreshInterval(Duration.ofSeconds(1))      // how stale another instance can be
                .build();                                    // creates the tables with the library's own Flyway history

        maintenance.apply(MaintenanceChange.enable(Mode.READ_ONLY)
                .message("Upgrading the database").expectedDuration(Duration.ofMinutes(20)).actor("alice").build());
        if (maintenance.effectiveMode() == Mode.FULL) { /* refuse */ }   // from memory: no query, no lock
        maintenance.disable("alice");
        maintenance.history(20).forEach(System.out::println);            // newest first
        // end::quick-start[]
        assertEquals(2, maintenance.history(20).size());
        assertEquals(Mode.OFF, maintenance.effectiveMode());
        maintenance.close();
    }
}
