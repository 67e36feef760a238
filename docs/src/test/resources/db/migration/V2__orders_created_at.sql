-- A change that cannot run under live writes safely: add a column and backfill it.
ALTER TABLE orders ADD COLUMN created_at TIMESTAMP(3);
UPDATE orders SET created_at = TIMESTAMP '2024-01-01 00:00:00' WHERE created_at IS NULL;
