ALTER TABLE products ADD COLUMN price_cents INT;
UPDATE products SET price_cents = 1250;
