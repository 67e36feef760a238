CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(100) NOT NULL);
INSERT INTO orders (id, item) VALUES (1, 'tea');
INSERT INTO orders (id, item) VALUES (2, 'scones');
