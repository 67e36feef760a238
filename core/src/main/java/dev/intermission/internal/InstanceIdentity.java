package dev.intermission.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who one running instance is: its id, host, process, application version and start, fixed for its life.
 *
 * @param id                 the id, unique among the service's instances
 * @param host               the host name, sanitized
 * @param process            the process id
 * @param applicationVersion the application's version, or {@code null}
 * @param startedAt          when it started
 */
public record InstanceIdentity(String id, String host, String process, String applicationVersion,
        Instant startedAt) {

    /**
     * Describes this process.
     *
     * @param id                 the id given, or {@code null} for one made of host, process and a random suffix
     * @param applicationVersion the application's version, or {@code null}
     * @param startedAt          the start
     * @return the identity
     */
    public static InstanceIdentity of(String id, String applicationVersion, Instant startedAt) {
        String host = Checks.host(hostName());
        String process = Long.toString(ProcessHandle.current().pid());
        return new InstanceIdentity(id != null ? id : defaultId(host, process), host, process, applicationVersion,
                startedAt);
    }

    /** A host name, cut to leave room for the process id and the suffix, then {@code -<pid>-<4 hex digits>}. */
    static String defaultId(String host, String process) {
        String suffix = "-" + process + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String base = host.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0))) {
            base = "i" + base;
        }
        int room = Checks.MAX_INSTANCE_ID_LENGTH - suffix.length();
        return (base.length() > room ? base.substring(0, room) : base) + suffix;
    }

    /** The host name from the environment (containers set it), else from the network configuration. */
    private static String hostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            return "unknown";
        }
    }
}
