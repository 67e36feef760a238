CREATE TABLE products (
    id    INT          NOT NULL,
    name  VARCHAR(100) NOT NULL,
    CONSTRAINT products_pk PRIMARY KEY (id)
);
INSERT INTO products (id, name) VALUES (1, 'Teapot');
