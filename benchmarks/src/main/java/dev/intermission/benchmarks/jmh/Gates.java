package dev.intermission.benchmarks.jmh;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.intermission.servlet.MaintenanceFilterConfig;
import dev.intermission.servlet.internal.Gate;

/** The configurations the benchmarks use, and the compiled decision the filter would run for each. */
final class Gates {

    /** A bypass secret long enough to be accepted. */
    static final String SECRET = "benchmark-bypass-secret-0123456789";

    private Gates() {
    }

    /** A typical configuration: health check, static files, stylesheets, the admin endpoint, a bypass secret. */
    static MaintenanceFilterConfig typical() {
        return MaintenanceFilterConfig.newBuilder()
                .allowPaths("/health", "/static/**", "*.css")
                .adminPath("/service-context")
                .bypassSecret(SECRET)
                .build();
    }

    /** Twenty allow-listed patterns: eight exact paths, eight prefixes and four extensions. */
    static List<String> twentyPatterns() {
        List<String> patterns = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            patterns.add("/exact/page" + i);
        }
        for (int i = 1; i <= 8; i++) {
            patterns.add("/prefix" + i + "/**");
        }
        patterns.add("*.css");
        patterns.add("*.js");
        patterns.add("*.png");
        patterns.add("*.woff2");
        return patterns;
    }

    /** The typical configuration with the twenty patterns as its allowlist. */
    static MaintenanceFilterConfig twenty() {
        return MaintenanceFilterConfig.newBuilder()
                .allowPaths(twentyPatterns())
                .adminPath("/service-context")
                .bypassSecret(SECRET)
                .build();
    }

    /** The very Gate the filter compiles from a configuration (read once, at set-up, through its accessor). */
    static Gate gateOf(MaintenanceFilterConfig config) {
        try {
            Method accessor = MaintenanceFilterConfig.class.getDeclaredMethod("gate");
            accessor.setAccessible(true);
            return (Gate) accessor.invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the compiled gate of the filter configuration", e);
        }
    }
}
