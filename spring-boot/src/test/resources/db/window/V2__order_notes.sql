-- Slow on purpose, so that instances starting together overlap while it runs.
SELECT pg_sleep(2);
ALTER TABLE orders ADD COLUMN note VARCHAR(200);
