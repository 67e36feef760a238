CREATE TABLE orders (
    id      INT NOT NULL,
    item_id INT NOT NULL,
    CONSTRAINT orders_pk PRIMARY KEY (id)
);
