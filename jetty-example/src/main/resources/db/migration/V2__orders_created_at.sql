-- A second version: when each order was placed (UTC).
ALTER TABLE orders ADD COLUMN created_at TIMESTAMP(3);
