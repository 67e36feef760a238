-- The runbook's sample application (docs/runbook.md), with a table prefix so that tests can share a database.
CREATE TABLE ${p}orders (
    id       BIGINT       NOT NULL PRIMARY KEY,
    item     VARCHAR(200) NOT NULL,
    quantity INT          NOT NULL
);
INSERT INTO ${p}orders (id, item, quantity) VALUES (1, 'tea', 2), (2, 'cake', 1);
