-- The fixed script: create what the constraint needs first.
CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY);
ALTER TABLE orders ADD COLUMN customer_id BIGINT;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
