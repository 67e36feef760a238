package dev.intermission.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPathsTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'/'|true",
            "'/health'|true",
            "'/static/app.js'|true",
            "'/static/'|true",
            "'/a b/c'|true",
            "'/caf\u00e9'|true",
            "'/...'|true",
            "'/.well-known/x'|true",
            "'/a..b'|true",
            "''|false",
            "'health'|false",
            "'//health'|false",
            "'/static//app.js'|false",
            "'/health//'|false",
            "'/.'|false",
            "'/..'|false",
            "'/static/./x'|false",
            "'/static/../x'|false",
            "'/static/..'|false",
            "'/static/.'|false",
            "'/static/%2e%2e/x'|false",
            "'/static/%2fx'|false",
            "'/a\\b'|false",
            "'/health;x'|false",
            "'/health\u0000'|false",
            "'/health\t'|false",
            "'/health\u007f'|false",
            "'/health\u0085'|false",
            "'/health\ufffd'|false",
            "'/static\uff0f..\uff0fx'|false",
            "'/static\u2215x'|false",
            "'/static/\uff0e\uff0e/x'|false",
            "'/static/\u2024\u2024/x'|false",
    })
    void isUnambiguous_decodedPath_refusesWhatCouldBeReadTwoWays(String path, boolean expected) {
        assertEquals(expected, RequestPaths.isUnambiguous(path));
    }
}
