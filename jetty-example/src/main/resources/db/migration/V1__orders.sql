-- The example application's own schema, in its own Flyway history (flyway_schema_history).
CREATE TABLE orders (
    id         BIGINT       NOT NULL PRIMARY KEY,
    item       VARCHAR(200) NOT NULL,
    quantity   INT          NOT NULL
);
