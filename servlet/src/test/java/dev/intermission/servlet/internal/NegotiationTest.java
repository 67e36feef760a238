package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.intermission.servlet.internal.Negotiation.Representation;

class NegotiationTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-|TEXT",
            "''|TEXT",
            "*/*|TEXT",
            "text/*|TEXT",
            "application/json|JSON",
            "application/problem+json|JSON",
            "APPLICATION/JSON|JSON",
            "application/*|JSON",
            "text/html|HTML",
            "text/plain|TEXT",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|HTML",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8|HTML",
            "application/json, text/plain, */*|JSON",
            "application/json, text/javascript, */*; q=0.01|JSON",
            "text/html;q=0.5, application/json|JSON",
            "application/json;q=0.5, text/html|HTML",
            "application/json;q=0, */*|TEXT",
            "text/html;q=0, */*;q=0.9|TEXT",
            "text/html, application/json|HTML",
            "application/json, text/html|JSON",
            "*/*, application/json;q=0.1|TEXT",
            "*/*;q=0.5, application/json|JSON",
            "text/*, application/json;q=0.9|TEXT",
            "text/*;q=0.8, application/json;q=0.9|JSON",
            "image/png|TEXT",
            "application/json;q=2|TEXT",
            "application/json;q=abc, text/html;q=0.3|HTML",
            "application/json;charset=utf-8|JSON",
            "text/html;level=1;q=0.7, application/json;q=0.6|HTML",
            "application/json;q=0, application/problem+json|JSON",
            ",,,application/json,,|JSON",
            "text/plain;q=0.9, text/html;q=0.9|TEXT",
            "text/html;q=0.9, text/plain;q=0.9|HTML",
    })
    void negotiate_acceptHeader_picksWhatTheClientPrefers(String accept, Representation expected) {
        assertEquals(expected, Negotiation.negotiate(accept == null ? null
                : Collections.enumeration(List.of(accept))));
    }

    @Test
    void negotiate_severalAcceptHeaders_readAsOneList() {
        assertEquals(Representation.JSON,
                Negotiation.negotiate(Collections.enumeration(List.of("text/html;q=0.5", "application/json"))));
    }
}
