-- Intermission's tables on PostgreSQL, schema version 1. Table names start with the configured prefix (none by default).
-- Times are UTC. The library creates these itself unless told not to; apply this file in your own migration
-- tool when the application's database user may not run DDL.

-- One row per service: its maintenance state. The version grows by one with every change.
CREATE TABLE IF NOT EXISTS ${prefix}service_context (
    service_name   VARCHAR(100)  NOT NULL,
    maintenance    BOOLEAN       NOT NULL,
    mode           VARCHAR(16)   NOT NULL,
    message        VARCHAR(1000),
    since          TIMESTAMP(3),
    expected_end   TIMESTAMP(3),
    changed_by     VARCHAR(200),
    changed_at     TIMESTAMP(3),
    version        BIGINT        NOT NULL,
    window_start   TIMESTAMP(3),
    window_end     TIMESTAMP(3),
    window_mode    VARCHAR(16),
    window_message VARCHAR(1000),
    CONSTRAINT ${prefix}service_context_pk PRIMARY KEY (service_name)
);

-- One row per change, written in the same transaction as the change: the audit trail.
CREATE TABLE IF NOT EXISTS ${prefix}service_context_history (
    service_name   VARCHAR(100)  NOT NULL,
    version        BIGINT        NOT NULL,
    action         VARCHAR(20)   NOT NULL,
    previous_mode  VARCHAR(16)   NOT NULL,
    new_mode       VARCHAR(16)   NOT NULL,
    message        VARCHAR(1000),
    expected_end   TIMESTAMP(3),
    window_start   TIMESTAMP(3),
    window_end     TIMESTAMP(3),
    window_mode    VARCHAR(16),
    window_message VARCHAR(1000),
    actor          VARCHAR(200)  NOT NULL,
    origin         VARCHAR(20)   NOT NULL,
    client_address VARCHAR(100),
    changed_at     TIMESTAMP(3)  NOT NULL,
    CONSTRAINT ${prefix}service_context_history_pk PRIMARY KEY (service_name, version)
);

-- One row per migration window that took the lock and found work: written when it starts, completed when it
-- ends, so a window whose process died shows as unfinished (ended_at and outcome null).
CREATE TABLE IF NOT EXISTS ${prefix}migration_window (
    id             VARCHAR(36)   NOT NULL,
    service_name   VARCHAR(100)  NOT NULL,
    actor          VARCHAR(200)  NOT NULL,
    holder         VARCHAR(200)  NOT NULL,
    mode           VARCHAR(16)   NOT NULL,
    started_at     TIMESTAMP(3)  NOT NULL,
    ended_at       TIMESTAMP(3),
    outcome        VARCHAR(20),
    version_before VARCHAR(100),
    version_after  VARCHAR(100),
    planned        TEXT,
    applied        TEXT,
    error          TEXT,
    failed_phase   VARCHAR(20),
    phases         TEXT,
    note           VARCHAR(1000),
    kept_state     TEXT,
    held_up_by     TEXT,
    CONSTRAINT ${prefix}migration_window_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ${prefix}migration_window_recent ON ${prefix}migration_window (service_name, started_at);

-- One row per lock (the service name): a lease that its holder renews while its window runs and deletes at the
-- end. A holder that dies stops renewing, and the lease ends by itself at expires_at.
CREATE TABLE IF NOT EXISTS ${prefix}migration_lock (
    lock_name   VARCHAR(100)  NOT NULL,
    window_id   VARCHAR(36)   NOT NULL,
    holder      VARCHAR(200)  NOT NULL,
    acquired_at TIMESTAMP(3)  NOT NULL,
    expires_at  TIMESTAMP(3)  NOT NULL,
    CONSTRAINT ${prefix}migration_lock_pk PRIMARY KEY (lock_name)
);

-- One row per running instance of a service: registered at start, renewed by every refresh (its heartbeat:
-- the state version it holds, its effective mode and the work it has in flight), deleted when it stops cleanly.
-- An instance that dies stops renewing, and its row is ignored once expires_at has passed.
CREATE TABLE IF NOT EXISTS ${prefix}service_instance (
    service_name       VARCHAR(100)  NOT NULL,
    instance_id        VARCHAR(100)  NOT NULL,
    host_name          VARCHAR(255)  NOT NULL,
    process_id         VARCHAR(50)   NOT NULL,
    app_version        VARCHAR(100),
    started_at         TIMESTAMP(3)  NOT NULL,
    heartbeat_at       TIMESTAMP(3)  NOT NULL,
    expires_at         TIMESTAMP(3)  NOT NULL,
    state_version      BIGINT        NOT NULL,
    effective_mode     VARCHAR(16)   NOT NULL,
    stale              BOOLEAN       NOT NULL,
    fail_safe          BOOLEAN       NOT NULL,
    listening          BOOLEAN       NOT NULL,
    in_flight_requests INT           NOT NULL,
    in_flight_writes   INT           NOT NULL,
    in_flight_jobs     INT           NOT NULL,
    running_jobs       VARCHAR(1000),
    CONSTRAINT ${prefix}service_instance_pk PRIMARY KEY (service_name, instance_id)
);

-- The version of these tables, so that a later release can upgrade them.
CREATE TABLE IF NOT EXISTS ${prefix}intermission_schema (
    component    VARCHAR(50)  NOT NULL,
    version      INT          NOT NULL,
    installed_at TIMESTAMP(3)  NOT NULL,
    CONSTRAINT ${prefix}intermission_schema_pk PRIMARY KEY (component)
);
