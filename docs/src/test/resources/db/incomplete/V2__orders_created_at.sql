-- The same change with the backfill forgotten: the verification hook must catch it.
ALTER TABLE orders ADD COLUMN created_at TIMESTAMP(3);
