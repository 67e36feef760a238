ALTER TABLE ${p}orders ADD COLUMN created_at TIMESTAMP(3) NULL;
UPDATE ${p}orders SET created_at = TIMESTAMP '2024-01-01 00:00:00' WHERE created_at IS NULL;
