package dev.intermission.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.intermission.testing.ApiListing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** The generated configuration metadata gives IDEs every property with its description and default. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyTheIssueNames_hasADescription_andTheDefaultsAreThere() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "spring-configuration-metadata.json is not generated");
            for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
                properties.put(p.get("name").asText(), p);
            }
        }
        for (String name : List.of("intermission.service-name", "intermission.refresh-interval",
                "intermission.filter.allow-paths", "intermission.filter.allow-ips",
                "intermission.filter.trusted-proxies", "intermission.filter.bypass-secret", "intermission.admin.path",
                "intermission.admin.tokens", "intermission.admin.role", "intermission.migrations.window",
                "management.endpoint.maintenance.access")) {
            JsonNode p = properties.get(name);
            assertNotNull(p, name + " is missing from the metadata");
            assertFalse(p.path("description").asText().isBlank(), name + " has no description");
        }
        assertEquals("/service-context", properties.get("intermission.admin.path").get("defaultValue").asText());
        assertEquals("1s", properties.get("intermission.refresh-interval").get("defaultValue").asText());
        assertFalse(properties.get("intermission.migrations.window").get("defaultValue").asBoolean());
        assertEquals(3, properties.get("intermission.filter.safe-methods").get("defaultValue").size());
        assertEquals("read_only",
                properties.get("management.endpoint.maintenance.access").get("defaultValue").asText());
        assertTrue(properties.keySet().stream().filter(n -> n.startsWith("intermission."))
                .allMatch(n -> !properties.get(n).path("description").asText().isBlank()));
    }

    @Test
    void publicApi_isPinned() {
        ApiListing.check("intermission-spring-boot-starter", IntermissionProperties.class, "org.springframework");
    }
}
