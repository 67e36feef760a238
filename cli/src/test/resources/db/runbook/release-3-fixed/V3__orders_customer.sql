-- Release 3, fixed: adds the column the constraint needs, and runs again safely from wherever the failed attempt
-- stopped (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS ${p}customers (id BIGINT NOT NULL PRIMARY KEY);
ALTER TABLE ${p}orders ADD COLUMN IF NOT EXISTS customer_id BIGINT;
ALTER TABLE ${p}orders ADD CONSTRAINT ${p}orders_customer_fk FOREIGN KEY (customer_id) REFERENCES ${p}customers (id);
