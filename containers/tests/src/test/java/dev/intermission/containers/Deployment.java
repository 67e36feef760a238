package dev.intermission.containers;

import java.net.URI;
import java.time.Duration;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;

/** One webapp deployed into a container: its WAR, its own database, and the relay the container reaches it by. */
record Deployment(StandaloneContainer container, String context, War war, Databases.Db db, TcpProxy proxy) {

    URI uri(String path) {
        return container.uri(context, path);
    }

    /** The admin endpoint's base URI. */
    URI admin() {
        return uri("/service-context");
    }

    /** Another instance of the same service, on the same database: a change made from outside the container. */
    MaintenanceService outside() {
        return Maintenance.newBuilder()
                .jdbcUrl(db.directUrl(), Databases.USER, Databases.PASSWORD)
                .serviceName("orders")
                .refreshInterval(Duration.ofMillis(200))
                .build();
    }

    @Override
    public String toString() {
        return "/" + context + " on " + container;
    }
}
