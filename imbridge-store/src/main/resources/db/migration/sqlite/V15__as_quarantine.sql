-- Issue 16: what an appservice transaction carried that the bridge cannot use, kept instead of refusing the
-- transaction (a homeserver retries a refused transaction forever and holds back everything after it).
-- Keep logically identical to db/migration/postgresql/V15__as_quarantine.sql.
--
-- Appservice-wide (not per login), like as_txn. One row per unusable piece: its transaction, the body's array
-- (section) and index it came from (-1: the section itself), the reason code and its JSON text (bounded by the
-- writer). The unique key makes a retried transaction quarantine nothing twice; new content under a reused
-- transaction ID differs in raw_sha256 and is kept.
CREATE TABLE as_quarantine (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    txn_id      TEXT    NOT NULL,
    section     TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    event_id    TEXT,
    reason      TEXT    NOT NULL,
    raw_json    TEXT    NOT NULL,
    raw_sha256  TEXT    NOT NULL,
    received_ts BIGINT  NOT NULL,
    UNIQUE (txn_id, section, position, raw_sha256)
);
CREATE INDEX as_quarantine_received_idx ON as_quarantine (received_ts);
