package dev.intermission.containers;

/** What a webapp uses of the library, each with its own WEB-INF/lib (containers/webapp-libs/DIR/pom.xml). */
enum Use {
    /** The maintenance filter alone. */
    FILTER("filter"),
    /** The filter and the admin endpoint. */
    ADMIN("admin"),
    /** The filter, the admin endpoint and Flyway migrations run in a maintenance window. */
    MIGRATIONS("migrations");

    private final String dir;

    Use(String dir) {
        this.dir = dir;
    }

    String dir() {
        return dir;
    }
}
