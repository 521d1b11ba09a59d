-- Issue 5: appservice transaction dedup that survives restarts of either side.
-- Keep logically identical to db/migration/sqlite/V3__as_txn.sql.
--
-- A transaction is known by (txn_id, digest of its event IDs), not by txn_id alone: a homeserver that
-- restarted its counter sends new events under old IDs. Events are also remembered one by one, because
-- a restarted homeserver may re-send un-acknowledged events under new IDs. The V1 table (txn_id only)
-- was never written, so it is replaced.
DROP TABLE as_txn;

CREATE TABLE as_txn (
    txn_id        TEXT    NOT NULL,
    events_digest TEXT    NOT NULL,
    event_count   INTEGER NOT NULL,
    processed_ts  BIGINT  NOT NULL,
    PRIMARY KEY (txn_id, events_digest)
);
CREATE INDEX as_txn_processed_idx ON as_txn (processed_ts);

CREATE TABLE as_event (
    event_id     TEXT   NOT NULL PRIMARY KEY,
    processed_ts BIGINT NOT NULL
);
CREATE INDEX as_event_processed_idx ON as_event (processed_ts);
