-- Issue 5: Matrix-side events are queued durably before the homeserver gets its 200, then consumed in order.
-- Keep logically identical to db/migration/postgresql/V5__matrix_inbox.sql.
--
-- Appservice-wide (not per login), like as_txn: the homeserver's transactions belong to the bridge.
-- event_id is the idempotency key: a transaction handled twice queues its events once.
CREATE TABLE matrix_inbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    room_id     TEXT    NOT NULL,
    event_json  TEXT    NOT NULL,
    received_ts BIGINT  NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    done_ts     BIGINT,
    outcome     TEXT
);
CREATE INDEX matrix_inbox_pending_idx ON matrix_inbox (seq) WHERE done_ts IS NULL;
CREATE INDEX matrix_inbox_done_idx ON matrix_inbox (done_ts);

-- The bot's DM with the bridge's owner, where commands are typed; one per owner, remembered across restarts.
CREATE TABLE management_room (
    owner_mxid TEXT   NOT NULL PRIMARY KEY,
    room_id    TEXT   NOT NULL,
    created_ts BIGINT NOT NULL
);
