package dev.intermission.notify.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.intermission.internal.NotificationFeed;
import dev.intermission.notify.NotificationLog;

/** A service's notifications for its admin endpoint, read from the database on each call. */
public final class LogFeed implements NotificationFeed {

    private final NotificationLog log;

    /**
     * Creates the feed of one service.
     *
     * @param log the service's notifications
     */
    public LogFeed(NotificationLog log) {
        this.log = log;
    }

    @Override
    public List<Map<String, Object>> recent(int limit) {
        return log.recent(limit).stream().map(NotificationJson::of).toList();
    }

    @Override
    public Optional<Map<String, Object>> find(String id) {
        return log.find(id).map(NotificationJson::detail);
    }

    @Override
    public int maxLimit() {
        return NotificationLog.MAX_LIMIT;
    }
}
