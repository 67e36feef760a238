package dev.intermission.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pins the public API of one published artifact: lists every public type and its public and protected members
 * outside {@code internal} packages, and fails when the listing differs from the file checked in under
 * {@code src/test/resources/api/<artifact>.api}, so any change to the API is seen and reviewed in a diff.
 *
 * <p>To accept a change, copy {@code target/api/<artifact>.api} over the checked-in file.
 */
public final class ApiListing {

    /** Type names that no public signature may mention: internals and third-party libraries. */
    public static final List<String> FORBIDDEN = List.of(".internal.", "org.flywaydb", "com.github.benmanes",
            "com.zaxxer.hikari", "org.jdbi", "com.fasterxml.jackson", "picocli", "org.slf4j", "io.micrometer",
            "org.springframework");

    private ApiListing() {
    }

    /**
     * Compares the artifact's listing with the checked-in one, and checks that no signature leaks a forbidden type.
     *
     * @param artifact the artifact name, for the file names
     * @param anchor   any class of the artifact, to find its compiled classes
     * @param allowed  type-name fragments allowed despite {@link #FORBIDDEN} (for an integration's own library)
     */
    public static void check(String artifact, Class<?> anchor, String... allowed) {
        List<Class<?>> types = publicTypes(anchor);
        List<String> listing = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : types) {
            listing.addAll(describe(type, leaks, List.of(allowed)));
        }
        String actual = String.join("\n", listing) + "\n";
        Path written = Path.of("target", "api", artifact + ".api");
        Path expectedFile = Path.of("src", "test", "resources", "api", artifact + ".api");
        try {
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual, StandardCharsets.UTF_8);
            if (!leaks.isEmpty()) {
                fail("public signatures of " + artifact + " name internal or third-party types:\n  "
                        + String.join("\n  ", leaks));
            }
            String expected = Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8)
                    : resource(anchor, "/api/" + artifact + ".api");
            if (!expected.equals(actual)) {
                List<String> exp = expected.lines().toList();
                List<String> act = actual.lines().toList();
                List<String> diff = new ArrayList<>();
                exp.stream().filter(l -> !act.contains(l)).forEach(l -> diff.add("- " + l));
                act.stream().filter(l -> !exp.contains(l)).forEach(l -> diff.add("+ " + l));
                fail("the public API of " + artifact + " changed; review the difference and, if intended, copy "
                        + written + " to " + expectedFile + ":\n  " + String.join("\n  ", diff));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the checked-in listing from the classpath (a test-jar), for a module that tests another's jar. */
    private static String resource(Class<?> anchor, String name) throws IOException {
        try (java.io.InputStream in = ApiListing.class.getResourceAsStream(name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Class<?>> publicTypes(Class<?> anchor) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            java.nio.file.FileSystem jar = Files.isDirectory(location) ? null
                    : java.nio.file.FileSystems.newFileSystem(location);
            Path root = jar == null ? location : jar.getPath("/");
            List<Class<?>> classes = new ArrayList<>();
            try (jar; Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (name.startsWith("META-INF") || name.contains("-")) {
                        continue;
                    }
                    if (name.contains(".internal.") || name.endsWith("package-info") || name.contains("$$")) {
                        continue;
                    }
                    Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                    if (isVisible(type)) {
                        classes.add(type);
                    }
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(Class<?> type, List<String> leaks, List<String> allowed) {
        List<String> lines = new ArrayList<>();
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
                : type.isRecord() ? "record" : "class";
        StringBuilder head = new StringBuilder(type.getName()).append(' ').append(kind);
        List<Type> supers = new ArrayList<>();
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            supers.add(type.getGenericSuperclass());
        }
        supers.addAll(Arrays.asList(type.getGenericInterfaces()));
        if (!supers.isEmpty()) {
            head.append(" : ").append(supers.stream().map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        lines.add(head.toString());
        supers.forEach(t -> leak(type, t, leaks, allowed));
        List<String> members = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                members.add("  field " + f.getGenericType().getTypeName() + " " + f.getName());
                leak(type, f.getGenericType(), leaks, allowed);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                members.add("  new(" + params(c) + ")");
                signature(type, c, leaks, allowed);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + "(" + params(m) + ")");
                leak(type, m.getGenericReturnType(), leaks, allowed);
                signature(type, m, leaks, allowed);
            }
        }
        members.sort(null);
        lines.addAll(members);
        return lines;
    }

    private static void signature(Class<?> owner, Executable e, List<String> leaks, List<String> allowed) {
        for (Type t : e.getGenericParameterTypes()) {
            leak(owner, t, leaks, allowed);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            leak(owner, t, leaks, allowed);
        }
    }

    private static String params(Executable e) {
        return Arrays.stream(e.getGenericParameterTypes()).map(Type::getTypeName).collect(Collectors.joining(", "));
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void leak(Class<?> owner, Type t, List<String> leaks, List<String> allowed) {
        String name = t.getTypeName();
        if (FORBIDDEN.stream().anyMatch(name::contains) && allowed.stream().noneMatch(name::contains)) {
            leaks.add(owner.getName() + " exposes " + name);
        }
    }
}
