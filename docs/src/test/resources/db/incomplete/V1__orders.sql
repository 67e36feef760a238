-- The documentation's sample application: its own schema, in its own Flyway history.
CREATE TABLE orders (
    id       BIGINT       NOT NULL PRIMARY KEY,
    item     VARCHAR(200) NOT NULL,
    quantity INT          NOT NULL
);
INSERT INTO orders (id, item, quantity) VALUES (1, 'tea', 2), (2, 'cake', 1);
