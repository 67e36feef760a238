-- A third version: what the background audit job records every few seconds (UTC), one row per run.
CREATE TABLE order_audit (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    recorded_at TIMESTAMP(3) NOT NULL,
    order_count INT          NOT NULL
);
