-- A typo in the referenced table: the statement fails and nothing of V3 is applied.
CREATE TABLE carts (
    id         INT NOT NULL,
    product_id INT NOT NULL REFERENCES no_such_products (id),
    CONSTRAINT carts_pk PRIMARY KEY (id)
);
