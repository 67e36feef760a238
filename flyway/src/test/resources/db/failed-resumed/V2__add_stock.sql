-- The fixed script, written to run again over a partly applied first attempt.
ALTER TABLE ${p}parts ADD COLUMN IF NOT EXISTS stock INT;
