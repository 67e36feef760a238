package dev.intermission.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.intermission.MaintenanceService;
import dev.intermission.Mode;
import dev.intermission.boot.app.TestApplication;
import dev.intermission.servlet.MaintenanceFilterConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that gives the starter its own {@link MaintenanceFilterConfig} without the admin path: the filter
 * would refuse the admin endpoint during maintenance, and the start-up log says so, with the fix.
 */
@SpringBootTest(classes = {TestApplication.class, OwnFilterConfigTest.OwnFilterConfig.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:starter-own-filter-config;DB_CLOSE_DELAY=-1",
            "intermission.service-name=own-filter-config",
            "intermission.admin.tokens.ops=" + OwnFilterConfigTest.TOKEN})
class OwnFilterConfigTest {

    static final String TOKEN = "ops-token-0123456789abcdef";

    /** The library's logger, held so that its handler stays while the application starts. */
    private static final Logger LIBRARY = Logger.getLogger("dev.intermission");
    private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();
    private static final Handler HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                WARNINGS.add(new SimpleFormatter().formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @LocalServerPort
    int port;

    @Autowired
    MaintenanceService service;

    @BeforeAll
    static void listen() {
        LIBRARY.addHandler(HANDLER);
    }

    @AfterAll
    static void stopListening() {
        LIBRARY.removeHandler(HANDLER);
    }

    @AfterEach
    void switchOff() {
        service.disable("test");
    }

    @Test
    void ownFilterConfigWithoutTheAdminPath_isWarnedAboutAtStart_forOperatorsWouldBeLockedOut() {
        assertThat(WARNINGS).filteredOn(w -> w.contains("refuses the admin endpoint 'intermissionAdminServlet'"))
                .hasSize(1).allMatch(w -> w.contains("adminPath(\"/service-context\")"));
        service.enable(Mode.FULL, "Upgrading", "test");
        assertEquals(503, new Http(port).send("PATCH", "/service-context", "{\"maintenance\": false}",
                Http.bearer(TOKEN)).statusCode(), "what the warning is about");
    }

    /** The application's filter configuration, without an admin path. */
    @Configuration(proxyBeanMethods = false)
    static class OwnFilterConfig {
        @Bean
        MaintenanceFilterConfig ownFilterConfig() {
            return MaintenanceFilterConfig.newBuilder().allowPaths("/status").build();
        }
    }
}
