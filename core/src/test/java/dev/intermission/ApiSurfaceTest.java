package dev.intermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Public signatures of the API packages mention no internal, Flyway, Caffeine, HikariCP or Jdbi type. */
class ApiSurfaceTest {

    private static final List<String> FORBIDDEN = List.of("dev.intermission.internal", "org.flywaydb",
            "com.github.benmanes.caffeine", "com.zaxxer.hikari", "org.jdbi", "com.fasterxml.jackson", "picocli");

    static List<Class<?>> publicApiClasses(Class<?> anchor) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains(".internal.") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) {
                    classes.add(type);
                }
            }
        }
        return classes;
    }

    static List<String> leaks(List<Class<?>> classes) {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : classes) {
            List<Type> types = new ArrayList<>();
            types.add(type.getGenericSuperclass());
            types.addAll(List.of(type.getGenericInterfaces()));
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                    types.add(m.getGenericReturnType());
                    types.addAll(List.of(m.getGenericParameterTypes()));
                    types.addAll(List.of(m.getGenericExceptionTypes()));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) {
                    types.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    types.add(f.getGenericType());
                }
            }
            for (Type t : types) {
                if (t != null && FORBIDDEN.stream().anyMatch(t.getTypeName()::contains)) {
                    leaks.add(type.getName() + " exposes " + t.getTypeName());
                }
            }
        }
        return leaks;
    }

    @Test
    void coreApi_exposesNoInternalOrThirdPartyTypes() throws Exception {
        List<Class<?>> classes = publicApiClasses(Maintenance.class);
        assertTrue(classes.contains(MaintenanceService.class));
        assertEquals(List.of(), leaks(classes));
    }

    @Test
    void everyPublicType_hasJavadoc() throws Exception {
        Path sources = Path.of("src/main/java");
        List<String> undocumented = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                String simpleName = file.getFileName().toString().replace(".java", "");
                if (simpleName.equals("package-info")) {
                    continue;
                }
                java.util.regex.Matcher declaration = java.util.regex.Pattern.compile("(?m)^public\\s+"
                        + "(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+"
                        + simpleName + "\\b").matcher(text);
                if (!declaration.find()) {
                    continue;
                }
                if (!text.substring(0, declaration.start()).contains("/**")) {
                    undocumented.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), undocumented);
    }
}
