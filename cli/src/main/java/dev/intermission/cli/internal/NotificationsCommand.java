package dev.intermission.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.intermission.InvalidValueException;
import dev.intermission.cli.MaintenanceCli;
import dev.intermission.notify.Delivery;
import dev.intermission.notify.DeliveryAttempt;
import dev.intermission.notify.Notification;
import dev.intermission.notify.NotificationLog;
import dev.intermission.notify.internal.NotificationJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code notifications [ID] [--limit N] [--json]}: the notifications of windows, each delivery to each webhook and
 * every attempt, read from the database (no application needs to run).
 */
@Command(name = "notifications", sortOptions = false,
        description = {"Show the notifications of maintenance windows (intermission-notify): each event, its "
                + "delivery to each webhook and every attempt, newest first; or one notification with what was sent."})
final class NotificationsCommand implements Callable<Integer> {

    /** The default number of notifications listed. */
    static final int DEFAULT_LIMIT = 20;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "One notification's id: show it whole.")
    String id;

    @Option(names = "--limit", paramLabel = "N", description = "How many notifications (1-"
            + NotificationLog.MAX_LIMIT + ", default: ${DEFAULT-VALUE}).")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--json", description = "Print JSON (the admin endpoint's shape, and 'database').")
    boolean json;

    private final Commands.Root root;

    NotificationsCommand(Commands.Root root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Options.between("--limit", limit, 1, NotificationLog.MAX_LIMIT);
        if (id != null && !NotificationLog.isNotificationId(id)) {
            throw new InvalidValueException("ID", Text.cut(Text.oneLine(id), 60),
                    "not a notification id (a lower-case UUID, as listed)");
        }
        String service = root.serviceName();
        List<Notification> notifications;
        Optional<Notification> one = Optional.empty();
        try (StateAccess access = root.access()) {
            NotificationLog log = NotificationLog.of(access.dataSource(), service, root.tablePrefix());
            if (id != null) {
                one = log.find(id);
                notifications = one.map(List::of).orElse(List.of());
            } else {
                notifications = log.recent(limit);
            }
        }
        if (id != null && one.isEmpty()) {
            throw new CliFailure("no notification " + id + " of '" + service + "' in " + root.database());
        }
        if (json) {
            if (id != null) {
                root.printJson(NotificationJson.detail(one.get()));
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("service", service);
                body.put("notifications", notifications.stream().map(NotificationJson::of).toList());
                root.printJson(body);
            }
            return MaintenanceCli.EXIT_OK;
        }
        PrintStream out = root.out();
        root.printDatabase("database: ");
        out.println("service:  " + service);
        if (notifications.isEmpty()) {
            out.println("no notifications recorded for '" + service + "'");
            return MaintenanceCli.EXIT_OK;
        }
        for (Notification n : notifications) {
            print(n, out);
        }
        if (id != null) {
            Notification n = one.get();
            out.println("text sent to chat webhooks:");
            n.text().lines().forEach(line -> out.println("  " + Text.oneLine(line)));
            out.println("body sent to JSON webhooks:");
            out.println("  " + Text.oneLine(n.body()));
        }
        return MaintenanceCli.EXIT_OK;
    }

    /** One notification: its headline, then each delivery and its attempts, indented. */
    private static void print(Notification n, PrintStream out) {
        out.println();
        out.println(Text.time(n.occurredAt()) + "  " + n.type().externalName() + "  " + Text.oneLine(n.summary()));
        out.println("  id " + n.id() + ", recorded by " + Text.oneLine(n.recordedBy()));
        if (n.deliveries().isEmpty()) {
            out.println("  no webhook takes this event");
        }
        for (Delivery d : n.deliveries()) {
            StringBuilder line = new StringBuilder("  ").append(Text.oneLine(d.webhook())).append(": ")
                    .append(d.status().name().toLowerCase(Locale.ROOT)).append(", ")
                    .append(d.attemptCount()).append(d.attemptCount() == 1 ? " attempt" : " attempts");
            if (d.deliveredAt() != null) {
                line.append(", delivered ").append(Text.time(d.deliveredAt()));
            } else if (d.nextAttemptAt() != null) {
                line.append(", next ").append(Text.time(d.nextAttemptAt()));
            }
            out.println(line);
            for (DeliveryAttempt a : d.attempts()) {
                out.println("    #" + a.number() + "  " + Text.time(a.at()) + "  "
                        + (a.statusCode() == null ? "no answer" : "HTTP " + a.statusCode()) + "  "
                        + Text.duration(Duration.ofMillis(a.durationMillis()))
                        + (a.succeeded() ? "" : "  " + Text.oneLine(a.error())));
            }
        }
    }
}
