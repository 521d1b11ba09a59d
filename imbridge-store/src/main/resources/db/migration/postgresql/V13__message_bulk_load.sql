-- The message bulk load's staging table is SQLite's (see the SQLite V13): PostgreSQL takes random-key inserts
-- without rewriting whole index pages per commit, so it ingests pages directly. This version keeps the two
-- dialects' schema versions in step.
SELECT 1;
