-- Migration windows and the lock that lets one instance at a time run one.
-- ${prefix} is the configured table prefix; ${timestamp} is TIMESTAMP(3), or DATETIME(3) on MySQL and MariaDB.
-- Timestamps are stored in UTC. Ids are UUID strings, so no engine-specific key generation is needed.

-- One row per window that took the lock and found work: written when it starts, completed when it ends, so a
-- window whose process died shows as unfinished (ended_at and outcome null).
CREATE TABLE ${prefix}migration_window (
    id             VARCHAR(36)   NOT NULL,
    service_name   VARCHAR(100)  NOT NULL,
    actor          VARCHAR(200)  NOT NULL,
    holder         VARCHAR(200)  NOT NULL,
    mode           VARCHAR(16)   NOT NULL,
    started_at     ${timestamp}  NOT NULL,
    ended_at       ${timestamp},
    outcome        VARCHAR(20),
    version_before VARCHAR(100),
    version_after  VARCHAR(100),
    planned        TEXT,
    applied        TEXT,
    error          TEXT,
    failed_phase   VARCHAR(20),
    phases         TEXT,
    kept_state     TEXT,
    CONSTRAINT ${prefix}migration_window_pk PRIMARY KEY (id)
);

CREATE INDEX ${prefix}migration_window_recent ON ${prefix}migration_window (service_name, started_at);

-- One row per lock (the service name): a lease that its holder renews while its window runs and deletes at
-- the end. A holder that dies stops renewing, and the lease ends by itself at expires_at.
CREATE TABLE ${prefix}migration_lock (
    lock_name   VARCHAR(100)  NOT NULL,
    window_id   VARCHAR(36)   NOT NULL,
    holder      VARCHAR(200)  NOT NULL,
    acquired_at ${timestamp}  NOT NULL,
    expires_at  ${timestamp}  NOT NULL,
    CONSTRAINT ${prefix}migration_lock_pk PRIMARY KEY (lock_name)
);
