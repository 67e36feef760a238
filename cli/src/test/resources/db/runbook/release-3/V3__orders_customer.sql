-- Release 3, with a mistake: the constraint needs a column that this script forgot to add. On H2, MySQL and
-- MariaDB each statement commits by itself, so the table below stays when the constraint fails.
CREATE TABLE ${p}customers (id BIGINT NOT NULL PRIMARY KEY);
ALTER TABLE ${p}orders ADD CONSTRAINT ${p}orders_customer_fk FOREIGN KEY (customer_id) REFERENCES ${p}customers (id);
