-- A migration of known length for the window-downtime benchmark: three seconds, then a small table.
SELECT pg_sleep(3);
CREATE TABLE bench_window_done (id INT PRIMARY KEY);
