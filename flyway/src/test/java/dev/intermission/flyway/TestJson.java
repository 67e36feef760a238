package dev.intermission.flyway;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.intermission.InvalidValueException;
import dev.intermission.Mode;

/** Reads the library's JSON back in tests, with modes in their one external spelling ({@code read-only}). */
final class TestJson {

    /** A mapper that reads instants and modes as the library writes them. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addDeserializer(Mode.class, new JsonDeserializer<>() {
                @Override
                public Mode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    try {
                        return Mode.parse(parser.getValueAsString());
                    } catch (InvalidValueException e) {
                        return (Mode) context.handleWeirdStringValue(Mode.class, parser.getValueAsString(),
                                e.getMessage());
                    }
                }
            }))
            .build();

    private TestJson() {
    }
}
