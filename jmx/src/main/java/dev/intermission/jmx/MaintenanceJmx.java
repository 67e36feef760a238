package dev.intermission.jmx;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import dev.intermission.MaintenanceService;
import dev.intermission.jmx.internal.MaintenanceBean;

/**
 * Registers a {@link MaintenanceMXBean} for a service and removes it again on {@link #close()}.
 *
 * <pre>{@code
 * try (MaintenanceJmx jmx = MaintenanceJmx.register(service)) {
 *     // dev.intermission:type=Maintenance,service=billing is visible in JConsole
 * }
 * }</pre>
 */
public final class MaintenanceJmx implements AutoCloseable {

    /** The JMX domain of the library's MBeans. */
    public static final String DOMAIN = "dev.intermission";

    private static final System.Logger LOG = System.getLogger(MaintenanceJmx.class.getName());

    private final MBeanServer server;
    private final ObjectName name;

    private MaintenanceJmx(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Registers the service's MBean in the platform MBean server.
     *
     * @param service the service
     * @return the registration, to close when the service stops
     * @throws IllegalStateException when an MBean of that name is already registered
     */
    public static MaintenanceJmx register(MaintenanceService service) {
        return register(service, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Registers the service's MBean in the given MBean server.
     *
     * @param service the service
     * @param server  the MBean server
     * @return the registration, to close when the service stops
     * @throws IllegalArgumentException when either is {@code null}
     * @throws IllegalStateException    when an MBean of that name is already registered
     */
    public static MaintenanceJmx register(MaintenanceService service, MBeanServer server) {
        if (service == null) {
            throw new IllegalArgumentException("service: must not be null");
        }
        if (server == null) {
            throw new IllegalArgumentException("server: must not be null");
        }
        ObjectName name = objectName(service.serviceName());
        try {
            server.registerMBean(new MaintenanceBean(service), name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("JMX: an MBean named " + name + " is already registered; "
                    + "is a second service of that name running in this process?", e);
        } catch (JMException e) {
            throw new IllegalStateException("JMX: cannot register " + name + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, "Registered the MBean {0}", name);
        return new MaintenanceJmx(server, name);
    }

    /**
     * Returns the name under which a service's MBean is registered.
     *
     * @param serviceName the service's name
     * @return {@code dev.intermission:type=Maintenance,service=<name>}, the name quoted only when it holds a
     *         character an object name does not take as is
     * @throws IllegalArgumentException when the name cannot be part of an object name
     */
    public static ObjectName objectName(String serviceName) {
        try {
            boolean plain = serviceName.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0);
            return new ObjectName(DOMAIN + ":type=Maintenance,service="
                    + (plain ? serviceName : ObjectName.quote(serviceName)));
        } catch (MalformedObjectNameException | NullPointerException e) {
            throw new IllegalArgumentException("serviceName: cannot be used in a JMX name, was '" + serviceName
                    + "'", e);
        }
    }

    /**
     * Returns the name the MBean is registered under.
     *
     * @return the object name
     */
    public ObjectName objectName() {
        return name;
    }

    /** Removes the MBean; closing twice does nothing. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already removed
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot unregister the MBean {0}: {1}", name, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "MaintenanceJmx[" + name + "]";
    }
}
