-- Intermission's notification tables on MySQL and MariaDB, version 1. ${prefix} stands for the table prefix (empty
-- by default). Times are UTC. The notifier creates these itself on first use unless told not to; apply this file in
-- your own migration tool when the application's database user may not run DDL.

-- One row per event, keyed by what happened (service and event key), so instances recording the same event
-- insert one row; seq orders the events.
CREATE TABLE IF NOT EXISTS ${prefix}intermission_notification (
    seq          BIGINT        NOT NULL AUTO_INCREMENT,
    id           VARCHAR(36)   NOT NULL,
    service_name VARCHAR(100)  NOT NULL,
    event_key    VARCHAR(200)  NOT NULL,
    event_type   VARCHAR(20)   NOT NULL,
    occurred_at  DATETIME(3)   NOT NULL,
    recorded_at  DATETIME(3)   NOT NULL,
    recorded_by  VARCHAR(200)  NOT NULL,
    summary      VARCHAR(1000) NOT NULL,
    json_body    MEDIUMTEXT    NOT NULL,
    text_body    MEDIUMTEXT    NOT NULL,
    CONSTRAINT ${prefix}intermission_notification_pk PRIMARY KEY (seq),
    CONSTRAINT ${prefix}intermission_notification_id UNIQUE (id),
    CONSTRAINT ${prefix}intermission_notification_key UNIQUE (service_name, event_key)
);

-- One row per event and webhook: its delivery state, claimed by one instance at a time through a lease.
CREATE TABLE IF NOT EXISTS ${prefix}intermission_notification_delivery (
    event_id        VARCHAR(36)   NOT NULL,
    webhook         VARCHAR(50)   NOT NULL,
    service_name    VARCHAR(100)  NOT NULL,
    event_seq       BIGINT        NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(3)   NOT NULL,
    lease_holder    VARCHAR(200),
    lease_until     DATETIME(3),
    delivered_at    DATETIME(3),
    last_error      VARCHAR(1000),
    CONSTRAINT ${prefix}intermission_notification_delivery_pk PRIMARY KEY (event_id, webhook),
    INDEX ${prefix}intermission_notification_queue (service_name, webhook, status, event_seq)
);

-- One row per delivery attempt: when, how long, the receiver's status code or the error.
CREATE TABLE IF NOT EXISTS ${prefix}intermission_notification_attempt (
    event_id     VARCHAR(36)   NOT NULL,
    webhook      VARCHAR(50)   NOT NULL,
    attempt      INT           NOT NULL,
    attempted_at DATETIME(3)   NOT NULL,
    duration_ms  BIGINT        NOT NULL,
    status_code  INT,
    succeeded    BOOLEAN       NOT NULL,
    error        VARCHAR(1000),
    holder       VARCHAR(200)  NOT NULL,
    CONSTRAINT ${prefix}intermission_notification_attempt_pk PRIMARY KEY (event_id, webhook, attempt)
);

-- Facts a migration hook reports about its window (the backup), for every instance that writes its report.
CREATE TABLE IF NOT EXISTS ${prefix}intermission_notification_fact (
    service_name VARCHAR(100)  NOT NULL,
    window_id    VARCHAR(36)   NOT NULL,
    name         VARCHAR(50)   NOT NULL,
    fact_value   VARCHAR(1000) NOT NULL,
    CONSTRAINT ${prefix}intermission_notification_fact_pk PRIMARY KEY (service_name, window_id, name)
);
