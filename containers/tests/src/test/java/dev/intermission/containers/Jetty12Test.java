package dev.intermission.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Jetty 12 (ee10) run from its jars with a jetty.xml, the PostgreSQL driver on its classpath, H2's in WEB-INF/lib;
 * a webapp's DataSource comes from its WEB-INF/jetty-env.xml, or from the server-level resource of jetty.xml.
 */
class Jetty12Test extends StandaloneContainerContract {

    @Override
    StandaloneContainer newContainer() {
        return new StandaloneJetty();
    }

    @Override
    Databases.Kind containerLibDriver() {
        return Databases.Kind.POSTGRES;
    }

    @Override
    War withJndiDataSource(War war, Databases.Kind kind) {
        if (kind != Databases.Kind.POSTGRES) {
            throw new IllegalArgumentException("jetty-env.xml declares a PostgreSQL DataSource");
        }
        return war.file("WEB-INF/jetty-env.xml", "jetty/jetty-env.xml");
    }

    @Override
    void deployContainerCases() {
        // The server-level DataSource of jetty.xml, reached through this webapp's relay.
        Deployment server = deploy("jndi-server", containerDataSource(Use.ADMIN).file("WEB-INF/web.xml", "jndi/WEB-INF/web.xml"),
                Databases.Kind.POSTGRES, true);
        ((StandaloneJetty) container).replaceInJettyXml("jdbc:postgresql://localhost:5432/orders",
                server.db().url(server.proxy().port()));
        deploy("jndi-without-resource-ref", containerDataSource(Use.ADMIN)
                .file("WEB-INF/web.xml", "mistakes/jndi-without-resource-ref/WEB-INF/web.xml"),
                Databases.Kind.POSTGRES, true);
    }

    @Test
    void serverLevelDataSourceWithAResourceRef_serves() {
        Deployment d = deployment("jndi-server");
        assertEquals(200, page(d, "/hello").status());
        Http.Response status = Http.get(d.admin(), "Authorization", Http.asUser());
        assertEquals(200, status.status(), status::toString);
        assertEquals("orders", json(status).get("service").asText());
    }

    @Test
    void jndiWithoutResourceRef_failsTheStartNamingTheParameterAndTheName() {
        List<String> lines = container.log().lines(l -> l.contains("intermission.dataSourceJndi"));
        assertFalse(lines.isEmpty(), "no log line names intermission.dataSourceJndi:\n"
                + container.log().tail(ContainerLog.start()));
        assertTrue(lines.stream().anyMatch(l -> l.contains("java:comp/env/jdbc/orders")), lines::toString);
        assertFalse(page(deployment("jndi-without-resource-ref"), "/hello").status() == 200);
    }
}
