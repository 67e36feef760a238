package dev.intermission.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intermission.MaintenanceService;
import dev.intermission.MaintenanceStatus;
import dev.intermission.Mode;
import dev.intermission.ScheduledWindow;

/**
 * The demo page ({@code /}): says in words whether the shop is open, read-only or closed, and any planned
 * maintenance, from this instance's maintenance state.
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final transient MaintenanceService maintenance;
    private final String template;

    /**
     * Creates the page on a maintenance state.
     *
     * @param maintenance the state the page describes
     */
    public PageServlet(MaintenanceService maintenance) {
        this.maintenance = maintenance;
        try (InputStream in = PageServlet.class.getResourceAsStream("/page/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the page template /page/index.html is missing from the jar");
            }
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        MaintenanceStatus status = maintenance.status();
        String page = template.replace("{{status}}", escape(describe(status)))
                .replace("{{statusClass}}", status.maintenance() ? "maintenance" : "open")
                .replace("{{asOf}}", escape(at(status.asOf())));
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(page);
    }

    /**
     * Says a state the way a customer reads it.
     *
     * @param status the state
     * @return one or a few sentences
     */
    static String describe(MaintenanceStatus status) {
        StringBuilder text = new StringBuilder(label(status.effectiveMode()));
        if (status.maintenance()) {
            if (status.effectiveMessage() != null && !status.effectiveMessage().isBlank()) {
                text.append(' ').append(sentence(status.effectiveMessage()));
            }
            if (status.effectiveUntil() != null) {
                text.append(status.effectiveUntil().isAfter(status.asOf())
                        ? " We expect to be back by " + at(status.effectiveUntil()) + "."
                        : " We expected to be back by " + at(status.effectiveUntil()) + " and are running late.");
            }
        }
        // Customers hear of a window from its notice time on.
        Optional<ScheduledWindow> upcoming = status.upcomingWindow().filter(w -> w.isAnnouncedAt(status.asOf()));
        upcoming.ifPresent(w -> {
            text.append(" Planned maintenance (").append(w.mode() == Mode.READ_ONLY ? "read-only" : "closed")
                    .append(") on ").append(DAY.format(w.start())).append(" from ").append(TIME.format(w.start()))
                    .append(" to ").append(w.end().atZone(ZoneOffset.UTC).toLocalDate()
                            .equals(w.start().atZone(ZoneOffset.UTC).toLocalDate())
                            ? TIME.format(w.end()) : at(w.end()))
                    .append(" UTC");
            if (w.message() != null && !w.message().isBlank()) {
                text.append(": ").append(w.message().strip());
            }
            text.append(text.charAt(text.length() - 1) == '.' ? "" : ".");
        });
        return text.toString();
    }

    /**
     * Names a mode the way a customer reads it.
     *
     * @param mode the mode
     * @return a sentence
     */
    static String label(Mode mode) {
        return switch (mode) {
            case OFF -> "Open for business.";
            case READ_ONLY -> "Read-only for maintenance: you can look around, but orders cannot be placed right now.";
            case FULL -> "Closed for maintenance.";
        };
    }

    private static String sentence(String message) {
        String m = message.strip();
        return m.endsWith(".") || m.endsWith("!") || m.endsWith("?") ? m : m + ".";
    }

    private static String at(Instant instant) {
        return TIME.format(instant) + " UTC on " + DAY.format(instant);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
