package dev.intermission.notify;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.intermission.InvalidValueException;
import dev.intermission.MaintenanceListener;
import dev.intermission.MaintenanceService;
import dev.intermission.SchemaMode;
import dev.intermission.Values;
import dev.intermission.internal.Engine;
import dev.intermission.internal.Log;
import dev.intermission.internal.NotificationFeed;
import dev.intermission.migration.MigrationContext;
import dev.intermission.migration.MigrationHook;
import dev.intermission.migration.MigrationPhase;
import dev.intermission.notify.internal.DeliveryWorker;
import dev.intermission.notify.internal.EventStore;
import dev.intermission.notify.internal.LogFeed;
import dev.intermission.notify.internal.NotifySettings;
import dev.intermission.notify.internal.NotifyTables;
import dev.intermission.notify.internal.Recorder;
import dev.intermission.notify.internal.SchemaGate;
import dev.intermission.notify.internal.TextTemplate;
import dev.intermission.notify.internal.WebhookSender;

/**
 * Tells webhooks what happens to a service's maintenance: a window {@linkplain EventType#SCHEDULED scheduled},
 * a {@linkplain EventType#REMINDER reminder} before it starts, maintenance {@linkplain EventType#STARTED
 * started}, a migration window {@linkplain EventType#DRAINED drained}, {@linkplain EventType#MIGRATED migrated}
 * or {@linkplain EventType#FAILED failed}, and maintenance {@linkplain EventType#ENDED ended}; each with the
 * window's report.
 *
 * <p>Every event is recorded once in the database for all instances (under a key every instance derives alike)
 * and delivered by one of them: it claims the delivery with a lease, posts it, records the attempt, and retries
 * with exponential backoff. Delivery runs on the notifier's own threads with timeouts, so a receiver that hangs,
 * fails or redirects never holds up a request or a migration window. Read what was sent with
 * {@link NotificationLog}.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.newBuilder(maintenance)
 *         .webhook(Webhook.newBuilder("ops")
 *                 .url("https://ops.example.com/hooks/intermission")
 *                 .secret(System.getenv("INTERMISSION_WEBHOOK_SECRET"))
 *                 .build())
 *         .remindBefore(Duration.ofHours(1))
 *         .attribute("environment", "production")
 *         .build();
 * MigrationWindow.newBuilder(maintenance, migrator)
 *         .addHook(notifier.migrationHook())
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Build one per service and instance; every instance that builds one records and delivers, and together they
 * send each event once. Close it when the application stops.
 */
public final class Notifier implements AutoCloseable {

    /** How long before a scheduled window's start the reminder goes out, unless set. */
    public static final Duration DEFAULT_REMINDER = Duration.ofHours(1);
    /** How often an instance looks for work left by others (a lease ran out, an event another recorded). */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** The most attempts per delivery by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** The most attempts per delivery accepted. */
    public static final int MAX_ATTEMPTS = 50;
    /** The wait after the first failed attempt by default; it doubles after each. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(10);
    /** The longest wait between two attempts by default. */
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofMinutes(10);
    /** The longest attribute value, rollback hint or reminder lead's text. */
    public static final int MAX_TEXT_LENGTH = 500;

    private static final Log LOG = Log.of(Notifier.class);
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}");

    private final NotifySettings settings;
    private final List<Webhook> webhooks;
    private final EventStore store;
    private final SchemaGate schema;
    private final Recorder recorder;
    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object signal = new Object();
    private final MaintenanceListener listener = event -> wakeRecorder();
    private final MigrationHook hook = new Hook();
    private boolean woken;
    private volatile boolean closed;
    private AutoCloseable feed;

    private Notifier(NotifySettings settings, List<Webhook> webhooks) {
        this.settings = settings;
        this.webhooks = webhooks;
        Engine service = settings.service();
        NotifyTables tables = new NotifyTables(service.tables().prefix());
        this.store = new EventStore(service.db(), tables);
        this.schema = new SchemaGate(service.db(), tables, settings.schemaMode());
        this.recorder = new Recorder(settings, store, schema, this::wakeWorkers);
        for (NotifySettings.Target target : settings.webhooks()) {
            workers.add(new DeliveryWorker(settings, store, schema, target.sender()));
        }
    }

    private void start() {
        Engine service = settings.service();
        String name = service.serviceName();
        threads.add(thread("intermission-notify-" + name, this::recordLoop));
        for (int i = 0; i < workers.size(); i++) {
            DeliveryWorker worker = workers.get(i);
            threads.add(thread("intermission-notify-" + name + "-" + webhooks.get(i).name(), worker::run));
        }
        service.addListener(listener);
        // The admin endpoint of this service lists the notifications while this notifier runs.
        feed = NotificationFeed.register(service, new LogFeed(log()));
        threads.forEach(Thread::start);
        LOG.info("Notifications of '{}' on: {}; reminders {} before a scheduled window", name,
                webhooks.isEmpty() ? "no webhook (recorded only)" : webhooks.stream()
                        .map(w -> w.name() + " (" + w.origin() + ", "
                                + w.format().name().toLowerCase(java.util.Locale.ROOT) + ")")
                        .collect(Collectors.joining(", ")),
                settings.reminders().isEmpty() ? "none" : settings.reminders().stream().map(Values::text)
                        .collect(Collectors.joining(", ")));
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts building a notifier.
     *
     * @param maintenance the service whose maintenance is told; built by
     *                    {@link dev.intermission.Maintenance#newBuilder()}
     * @return a new builder with every default set
     * @throws InvalidValueException naming {@code maintenance} when {@code null} or not built by the library
     */
    public static Builder newBuilder(MaintenanceService maintenance) {
        return new Builder(Engine.of(maintenance));
    }

    /**
     * Returns the default text template: a few plain lines for a chat channel, the headline first.
     *
     * @return the Mustache template's text
     */
    public static String defaultTextTemplate() {
        return TextTemplate.defaultSource();
    }

    /**
     * Returns the hook that tells a migration window's steps ({@link EventType#DRAINED},
     * {@link EventType#MIGRATED}, {@link EventType#FAILED}); add it to the window first, so that drained goes out
     * before a long backup hook runs. It never fails the window: an event it cannot record now is tried again.
     *
     * @return the hook
     */
    public MigrationHook migrationHook() {
        return hook;
    }

    /**
     * Records the backup a hook took for a migration window, for the window's report (the events recorded after
     * this carry it). Call it from the hook that took the backup; it never fails the window: when the database
     * cannot be written, the facts are logged and left out.
     *
     * @param window the window, as the hook got it
     * @param backup the facts
     * @throws InvalidValueException naming {@code window} or {@code backup} when {@code null}
     */
    public void recordBackup(MigrationContext window, Backup backup) {
        if (window == null) {
            throw new InvalidValueException("window", null, "must not be null");
        }
        if (backup == null) {
            throw new InvalidValueException("backup", null, "must not be null");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        backup.facts().forEach((k, v) -> facts.put("backup." + k, v));
        try {
            schema.ensure();
            store.putFacts(settings.service().serviceName(), window.windowId(), facts);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The backup of migration window {} of '{}' cannot be recorded for its report ({})",
                    window.windowId(), settings.service().serviceName(), backup, e);
        }
    }

    /**
     * Returns the reader of this service's notifications.
     *
     * @return the log
     */
    public NotificationLog log() {
        return NotificationLog.of(settings.service());
    }

    /**
     * Returns the webhooks, in the order added.
     *
     * @return the webhooks
     */
    public List<Webhook> webhooks() {
        return webhooks;
    }

    /**
     * Waits until everything this instance has seen is recorded and no delivery to this notifier's webhooks is
     * pending (delivered or given up): before a process that ran a window exits, so its notifications go out.
     *
     * @param timeout how long to wait at most
     * @return whether everything was done in time
     * @throws InvalidValueException naming {@code timeout} when {@code null} or negative
     */
    public boolean awaitIdle(Duration timeout) {
        Values.checkDuration("timeout", timeout, Duration.ZERO, Duration.ofDays(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> names = settings.webhookNames();
        while (true) {
            wakeRecorder();
            try {
                if (recorder.idle() && store.pending(settings.service().serviceName(), names) == 0) {
                    return true;
                }
            } catch (SQLException | RuntimeException e) {
                // not idle while the tables cannot be read
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Stops this instance's recording and delivering; the events it left are sent by other instances or later. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        settings.service().removeListener(listener);
        try {
            feed.close();
        } catch (Exception e) {
            LOG.debug("Notifications of '{}' still listed by the admin endpoint", settings.service().serviceName(), e);
        }
        workers.forEach(DeliveryWorker::stop);
        wakeRecorder();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            store.release(settings.holder());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Leases of '{}' not released; they end by themselves", settings.service().serviceName(), e);
        }
        LOG.info("Notifications of '{}' stopped on this instance", settings.service().serviceName());
    }

    @Override
    public String toString() {
        return "Notifier[" + settings.service().serviceName() + ", " + webhooks + "]";
    }

    private void wakeRecorder() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void wakeWorkers() {
        workers.forEach(DeliveryWorker::wake);
    }

    private void recordLoop() {
        Engine service = settings.service();
        boolean failing = false;
        while (!closed && !service.closed()) {
            long sleep = settings.pollInterval().toMillis();
            try {
                Instant next = recorder.tick();
                if (failing) {
                    failing = false;
                    LOG.info("Notifications of '{}' are recorded again", service.serviceName());
                }
                if (next != null) {
                    long until = Duration.between(service.clock().instant(), next).toMillis();
                    sleep = Math.max(1, Math.min(sleep, until));
                }
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Notifications of '{}' cannot be recorded now; trying again every {}",
                            service.serviceName(), Values.text(settings.pollInterval()), e);
                }
            }
            synchronized (signal) {
                try {
                    if (!woken && !closed) {
                        signal.wait(sleep);
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    woken = false;
                }
            }
        }
    }

    /** The migration hook: each step becomes an event, recorded on the window's thread, sent on the notifier's. */
    private final class Hook implements MigrationHook {
        @Override
        public void beforeMigrate(MigrationContext context) {
            if (!closed) {
                recorder.hook(EventType.DRAINED, context, null, null);
            }
        }

        @Override
        public void afterMigrate(MigrationContext context) {
            if (!closed) {
                recorder.hook(EventType.MIGRATED, context, null, null);
            }
        }

        @Override
        public void onFailure(MigrationContext context, MigrationPhase phase, Throwable error) {
            if (!closed) {
                recorder.hook(EventType.FAILED, context, phase, error);
            }
        }

        @Override
        public String toString() {
            return "notifications of '" + settings.service().serviceName() + "'";
        }
    }

    /** A mutable builder of one {@link Notifier}; setters fail fast on bad values. */
    public static final class Builder {
        private final Engine service;
        private final List<Webhook> webhooks = new ArrayList<>();
        private List<Duration> reminders = List.of(DEFAULT_REMINDER);
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<String> rollbackHints = new ArrayList<>();
        private TextTemplate template;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration maxRetryBackoff = DEFAULT_MAX_RETRY_BACKOFF;
        private SchemaMode schemaMode = SchemaMode.CREATE;

        private Builder(Engine service) {
            this.service = service;
        }

        /**
         * Adds a webhook; each gets every event it accepts, in order.
         *
         * @param webhook the webhook
         * @return this builder
         * @throws InvalidValueException naming {@code webhooks} when {@code null} or when another webhook has
         *                               the same name
         */
        public Builder webhook(Webhook webhook) {
            if (webhook == null) {
                throw new InvalidValueException("webhooks", null, "must not be null");
            }
            if (webhooks.stream().anyMatch(w -> w.name().equals(webhook.name()))) {
                throw new InvalidValueException("webhooks", webhook.name(), "names a webhook twice");
            }
            webhooks.add(webhook);
            return this;
        }

        /**
         * Sets how long before a scheduled window's start reminders go out; none for no reminder. A reminder is
         * not sent when the window was scheduled within its lead (the scheduled event said it all).
         *
         * @param leads each from 1 second to 366 days; {@link #DEFAULT_REMINDER} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code remindBefore} when a lead is {@code null}, out of range or
         *                               given twice
         */
        public Builder remindBefore(Duration... leads) {
            if (leads == null) {
                throw new InvalidValueException("remindBefore", null, "must not be null");
            }
            List<Duration> checked = new ArrayList<>();
            for (Duration lead : leads) {
                Values.checkDuration("remindBefore", lead, Duration.ofSeconds(1), Duration.ofDays(366));
                if (checked.contains(lead)) {
                    throw new InvalidValueException("remindBefore", Values.text(lead), "is given twice");
                }
                checked.add(lead);
            }
            checked.sort(Comparator.reverseOrder());
            this.reminders = List.copyOf(checked);
            return this;
        }

        /**
         * Adds a fact every event carries in its {@code attributes} (the environment, the application, a contact),
         * for receivers and templates ({@code {{attributes.environment}}}).
         *
         * @param name  a letter, then letters, digits or {@code _}; at most 50 characters
         * @param value at most {@value #MAX_TEXT_LENGTH} characters, no control characters; {@code null} removes
         * @return this builder
         * @throws InvalidValueException naming {@code attributes} when the name is not valid, or
         *                               {@code attributes.<name>} when the value is not
         */
        public Builder attribute(String name, String value) {
            if (name == null || !ATTRIBUTE.matcher(name).matches()) {
                throw new InvalidValueException("attributes", name, "names must be a letter, then letters, digits or "
                        + "'_', at most 50 characters");
            }
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, text("attributes." + name, value));
            }
            return this;
        }

        /**
         * Adds a hint every migration report carries under {@code rollback.hints}: how to roll this application
         * back, whom to call.
         *
         * @param hint at most {@value #MAX_TEXT_LENGTH} characters, no control characters
         * @return this builder
         * @throws InvalidValueException naming {@code rollbackHints} when blank, too long or holding control
         *                               characters
         */
        public Builder rollbackHint(String hint) {
            if (hint == null || hint.isBlank()) {
                throw new InvalidValueException("rollbackHints", null, "must not be blank");
            }
            rollbackHints.add(text("rollbackHints", hint));
            return this;
        }

        /**
         * Replaces the text template: Mustache, rendering each event's payload (the JSON body's fields) plus
         * {@code headline}; durations read as {@code 5m} or {@code 12.3s}, values are not escaped, partials are
         * refused. See {@link #defaultTextTemplate()}.
         *
         * @param template the template's text
         * @return this builder
         * @throws InvalidValueException naming {@code textTemplate} when blank or not a valid template
         */
        public Builder textTemplate(String template) {
            this.template = TextTemplate.compile("textTemplate", template);
            return this;
        }

        /**
         * Sets how often this instance looks for work left by others: a delivery whose lease ran out, an event
         * another instance recorded. Its own events are sent at once; scheduled moments are timed exactly.
         *
         * @param interval 10 milliseconds to 10 minutes; {@link #DEFAULT_POLL_INTERVAL} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code pollInterval} when out of range
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Values.checkDuration("pollInterval", interval, Duration.ofMillis(10),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * Sets the most attempts per delivery; after the last one fails the delivery is given up (and logged).
         *
         * @param attempts 1 to {@value #MAX_ATTEMPTS}; {@value #DEFAULT_MAX_ATTEMPTS} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code maxAttempts} when out of range
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > MAX_ATTEMPTS) {
                throw new InvalidValueException("maxAttempts", Integer.toString(attempts), "must be between 1 and "
                        + MAX_ATTEMPTS);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the waits between attempts: {@code first} after the first failure, doubled after each, at most
         * {@code max}.
         *
         * @param first 10 milliseconds to 1 hour; {@link #DEFAULT_RETRY_BACKOFF} unless set
         * @param max   {@code first} to 1 day; {@link #DEFAULT_MAX_RETRY_BACKOFF} unless set
         * @return this builder
         * @throws InvalidValueException naming {@code retryBackoff} or {@code maxRetryBackoff} when out of range
         */
        public Builder retryBackoff(Duration first, Duration max) {
            Values.checkDuration("retryBackoff", first, Duration.ofMillis(10), Duration.ofHours(1));
            Values.checkDuration("maxRetryBackoff", max, first, Duration.ofDays(1));
            this.retryBackoff = first;
            this.maxRetryBackoff = max;
            return this;
        }

        /**
         * Sets what the notifier does with its tables on first use: create them (the default), check they exist,
         * or nothing (they are created by the application's own migrations from the DDL in this jar, under
         * {@code dev/intermission/notify/schema/}).
         *
         * @param mode the mode
         * @return this builder
         * @throws InvalidValueException naming {@code schemaMode} when {@code null}
         */
        public Builder schemaMode(SchemaMode mode) {
            if (mode == null) {
                throw new InvalidValueException("schemaMode", null, "must not be null");
            }
            this.schemaMode = mode;
            return this;
        }

        /**
         * Builds the notifier and starts it: it listens to the service, records events from now on, and
         * delivers them on its own threads. It does not touch the database here: the tables are made ready on
         * first use, and a database that cannot be reached is retried.
         *
         * @return the running notifier
         */
        public Notifier build() {
            List<NotifySettings.Target> targets = new ArrayList<>();
            for (Webhook w : webhooks) {
                targets.add(new NotifySettings.Target(new WebhookSender.Target(w.name(), w.url(), w.secretBytes(),
                        w.format() == Webhook.Format.CHAT, w.connectTimeout(), w.readTimeout()), w.events()));
            }
            TextTemplate text = template != null ? template
                    : TextTemplate.compile("textTemplate", TextTemplate.defaultSource());
            NotifySettings settings = new NotifySettings(service, List.copyOf(targets), reminders,
                    Collections.unmodifiableMap(new LinkedHashMap<>(attributes)), List.copyOf(rollbackHints), text,
                    pollInterval, maxAttempts, retryBackoff, maxRetryBackoff, schemaMode, holderName());
            Notifier notifier = new Notifier(settings, List.copyOf(webhooks));
            notifier.start();
            return notifier;
        }

        private static String text(String field, String value) {
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new InvalidValueException(field, null, "must be at most " + MAX_TEXT_LENGTH + " characters (was "
                        + value.length() + ")");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidValueException(field, null, "contains a control character");
            }
            return value.strip();
        }

        /** This process, told apart from another notifier in the same JVM (a second service, a test). */
        private static String holderName() {
            byte[] random = new byte[3];
            ThreadLocalRandom.current().nextBytes(random);
            String name = ManagementFactory.getRuntimeMXBean().getName() + "#" + HexFormat.of().formatHex(random);
            return name.length() > 200 ? name.substring(name.length() - 200) : name;
        }
    }
}
