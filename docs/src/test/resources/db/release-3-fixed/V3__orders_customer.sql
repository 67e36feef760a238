-- Release 3, fixed: adds the column the constraint needs, and runs again safely from wherever the failed attempt
-- stopped (IF NOT EXISTS), since on H2, MySQL and MariaDB the failed attempt may have left its first statements.
CREATE TABLE IF NOT EXISTS customers (id BIGINT NOT NULL PRIMARY KEY);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_id BIGINT;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
