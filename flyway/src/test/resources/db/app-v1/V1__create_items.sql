CREATE TABLE items (
    id   INT          NOT NULL,
    name VARCHAR(100) NOT NULL,
    CONSTRAINT items_pk PRIMARY KEY (id)
);
