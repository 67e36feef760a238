package dev.intermission.servlet;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The filter's tests run on what a filter-only webapp gets (core and the filter, plus containers and databases):
 * no JSON library is on that classpath, so every JSON body the filter writes is written without one.
 */
class FilterOnlyClasspathTest {

    @Test
    void filterClasspath_holdsNoJsonLibrary() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.fasterxml.jackson.core.JsonFactory"));
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"));
    }
}
