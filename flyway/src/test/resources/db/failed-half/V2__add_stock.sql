-- The first statement succeeds; the second fails (a typo in the table name). Without DDL rollback, the first stays.
ALTER TABLE ${p}parts ADD COLUMN stock INT;
ALTER TABLE ${p}no_such_parts ADD COLUMN stock INT;
