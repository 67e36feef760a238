package dev.intermission.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the build put what the tests use: the containers, the WARs' contents, the drivers (see the pom). */
final class Build {

    private Build() {
    }

    static String intermissionVersion() {
        return property("intermission.version");
    }

    static Path tomcat10Home() {
        return onlyDirectory(existing("containers.tomcat10"));
    }

    static Path tomcat11Home() {
        return onlyDirectory(existing("containers.tomcat11"));
    }

    /** The one directory a distribution unpacks to (apache-tomcat-VERSION). */
    private static Path onlyDirectory(Path parent) {
        try (var dirs = Files.list(parent)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            if (found.size() != 1) {
                throw new IllegalStateException(parent + " should hold one unpacked distribution, holds " + found);
            }
            return found.get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path jettyLib() {
        return existing("containers.jetty.lib");
    }

    /** The webapp's own content: static files, the JSP, its classes and its migrations. */
    static Path webapp() {
        return existing("containers.webapp");
    }

    /** The WEB-INF/lib of one use, as {@code mvn package} of its pom left it. */
    static Path webappLibs(Use use) {
        Path lib = webappLibsPom(use).resolveSibling("target").resolve("WEB-INF").resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " does not exist: run the build through the package phase");
        }
        return lib;
    }

    /** The pom whose {@code mvn package} makes the WEB-INF/lib of one use. */
    static Path webappLibsPom(Use use) {
        return existing("containers.webappLibs").resolve(use.dir()).resolve("pom.xml");
    }

    static Path h2Driver() {
        return driver("h2-");
    }

    static Path postgresDriver() {
        return driver("postgresql-");
    }

    /** The command line's classpath: intermission-cli, its dependencies and the drivers. */
    static String cliClasspath() {
        try {
            return Files.readString(existing("containers.cliClasspath")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A fresh directory for one container's files (its base, logs, WARs), emptied first. */
    static Path work(String name) {
        Path dir = Path.of(property("containers.work")).resolve(name);
        Files2.deleteRecursively(dir);
        Files2.createDirectories(dir);
        return dir;
    }

    /** The project's root directory (docs/ and the module live under it). */
    static Path root() {
        return existing("containers.root").normalize();
    }

    /** The sources of the case files: web.xml variants and the containers' files. */
    static Path sources() {
        return root().resolve("containers/tests/src/test/webapps");
    }

    private static Path driver(String prefix) {
        try (var files = Files.list(existing("containers.drivers"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in the drivers directory"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path existing(String property) {
        Path path = Path.of(property(property));
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + ": " + path + " does not exist: run the build through the "
                    + "package phase (mvn verify)");
        }
        return path;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests with Maven");
        }
        return value;
    }
}
