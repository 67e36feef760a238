-- Intermission's own schema, applied by its own Flyway history table (<prefix>intermission_schema_history).
-- ${prefix} is the configured table prefix; ${timestamp} is TIMESTAMP(3), or DATETIME(3) on MySQL and MariaDB.
-- Timestamps are stored in UTC.

CREATE TABLE ${prefix}service_context (
    service_name   VARCHAR(100)  NOT NULL,
    maintenance    BOOLEAN       NOT NULL,
    mode           VARCHAR(16)   NOT NULL,
    message        VARCHAR(1000),
    since          ${timestamp},
    expected_end   ${timestamp},
    changed_by     VARCHAR(200),
    changed_at     ${timestamp},
    version        BIGINT        NOT NULL,
    window_start   ${timestamp},
    window_end     ${timestamp},
    window_mode    VARCHAR(16),
    window_message VARCHAR(1000),
    CONSTRAINT ${prefix}service_context_pk PRIMARY KEY (service_name)
);

CREATE TABLE ${prefix}service_context_history (
    service_name   VARCHAR(100)  NOT NULL,
    version        BIGINT        NOT NULL,
    action         VARCHAR(20)   NOT NULL,
    previous_mode  VARCHAR(16)   NOT NULL,
    new_mode       VARCHAR(16)   NOT NULL,
    message        VARCHAR(1000),
    expected_end   ${timestamp},
    window_start   ${timestamp},
    window_end     ${timestamp},
    window_mode    VARCHAR(16),
    window_message VARCHAR(1000),
    actor          VARCHAR(200)  NOT NULL,
    origin         VARCHAR(20)   NOT NULL,
    client_address VARCHAR(100),
    changed_at     ${timestamp}  NOT NULL,
    CONSTRAINT ${prefix}service_context_history_pk PRIMARY KEY (service_name, version)
);
