-- A typo in the table name: the statement fails and nothing is applied.
ALTER TABLE no_such_items ADD COLUMN stock INT;
