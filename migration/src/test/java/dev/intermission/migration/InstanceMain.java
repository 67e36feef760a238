package dev.intermission.migration;

import java.time.Duration;

import org.postgresql.ds.PGSimpleDataSource;

import dev.intermission.Maintenance;
import dev.intermission.MaintenanceService;

/**
 * A child process that runs one instance and waits to be killed (no deregistration): args are the JDBC URL, the
 * user, the instance id and the lease in milliseconds. Prints {@code ready} once registered.
 */
public final class InstanceMain {

    private InstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser(args[1]);
        MaintenanceService service = Maintenance.newBuilder().dataSource(ds).instanceId(args[2])
                .refreshInterval(Duration.ofMillis(100)).instanceLease(Duration.ofMillis(Long.parseLong(args[3])))
                .build();
        System.out.println("ready " + service.instances().live());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
