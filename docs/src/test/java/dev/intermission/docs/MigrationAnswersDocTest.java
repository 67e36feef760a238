package dev.intermission.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;
import dev.intermission.admin.MaintenanceAdminConfig;
import dev.intermission.admin.MaintenanceAdminServlet;
import dev.intermission.flyway.FlywayMigrator;
import dev.intermission.migration.MigrationHistory;
import dev.intermission.migration.MigrationRecord;
import dev.intermission.testing.Databases;

/**
 * The REST page's Migrations section shows a failed window's record and the operators' status's {@code migration}
 * member: a window whose third migration fails, run over HTTP against a real Jetty and H2, answers as shown.
 */
class MigrationAnswersDocTest {

    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final String TOKEN = "s3cr3t-deploy-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The JSON blocks of the page's Migrations section, in order. */
    private static List<String> documented() throws IOException {
        String page = Files.readString(ConsoleExamplesTest.DocsPaths.docs().resolve("rest-api.md"));
        int start = page.indexOf("\n## Migrations\n");
        int end = page.indexOf("\n## ", start + 5);
        Matcher m = JSON_BLOCK.matcher(page.substring(start, end < 0 ? page.length() : end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void failedWindow_recordAndOperatorsStatus_answerAsThePageShows() throws Exception {
        List<String> blocks = documented();
        assertEquals(2, blocks.size(), "the Migrations section shows a failed window's record, then the status's "
                + "migration member");
        DataSource dataSource = Databases.newH2();
        Server server = new Server();
        try (MaintenanceService service = Maintenance.newBuilder().dataSource(dataSource).build()) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addServlet(new ServletHolder(new MaintenanceAdminServlet(service, MaintenanceAdminConfig
                    .newBuilder().token("admin", TOKEN)
                    .migrations(FlywayMigrator.newBuilder().dataSource(dataSource)
                            .locations("classpath:db/migration", "classpath:db/release-3").build())
                    .migrationWindow(b -> b.propagationMargin(Duration.ofMillis(20)))
                    .build())), "/service-context/*");
            server.setHandler(context);
            server.start();
            String base = "http://127.0.0.1:" + connector.getLocalPort() + "/service-context";
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/migrations"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started.body());
            String id = new ObjectMapper().readTree(started.body()).get("id").asText();
            MigrationHistory history = MigrationHistory.of(service);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (history.find(id).map(r -> !r.finished()).orElse(true) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            MigrationRecord record = history.find(id).orElseThrow();
            assertTrue(record.finished(), "the window never ended");

            JsonNode answer = get(URI.create(base + "/migrations/" + id));
            assertNull(ConsoleExamples.compare(blocks.get(0), answer.toPrettyString()),
                    () -> "the record differs from the page: " + answer.toPrettyString());
            JsonNode status = get(URI.create(base));
            assertNull(ConsoleExamples.compare(blocks.get(1), status.get("migration").toPrettyString()),
                    () -> "the status's migration member differs from the page: " + status.toPrettyString());
        } finally {
            server.stop();
        }
    }
}
