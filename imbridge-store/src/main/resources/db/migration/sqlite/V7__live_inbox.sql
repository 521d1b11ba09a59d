-- Issue 6: the durable live inbox, and the GUID index the live path's "already bridged?" check needs.
-- Keep logically identical to db/migration/postgresql/V7__live_inbox.sql.
--
-- The V1 live_inbox was a placeholder nothing ever wrote to, so it is replaced rather than altered.
DROP INDEX IF EXISTS live_inbox_pending_idx;
DROP TABLE live_inbox;

-- One live (APNs) event, appended before the source gets its acknowledgement. event_key is the
-- idempotency key (the source's seq, plus ':stored' for a reconnect-window re-delivery); payload_json is
-- the whole event, the other columns are copies for indexes and operators.
-- status: PENDING -> HELD (admitted for portal_id) -> DONE, or PENDING/HELD -> DROPPED (with reason).
CREATE TABLE live_inbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    login_id     TEXT    NOT NULL,
    event_key    TEXT    NOT NULL,
    seq          BIGINT  NOT NULL,
    kind         TEXT    NOT NULL,
    portal_id    TEXT,
    guid_norm    TEXT    NOT NULL DEFAULT '',
    timestamp_ms BIGINT  NOT NULL,
    stored       INTEGER NOT NULL DEFAULT 0,
    payload_json TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'PENDING',
    reason       TEXT,
    received_ts  BIGINT  NOT NULL,
    updated_ts   BIGINT  NOT NULL,
    CONSTRAINT live_inbox_event_uq UNIQUE (login_id, event_key)
);
CREATE INDEX live_inbox_status_idx ON live_inbox (login_id, status, id);
CREATE INDEX live_inbox_held_idx ON live_inbox (login_id, portal_id, id) WHERE status = 'HELD';
CREATE INDEX live_inbox_dropped_idx ON live_inbox (login_id, reason) WHERE status = 'DROPPED';
CREATE INDEX live_inbox_done_idx ON live_inbox (login_id, updated_ts) WHERE status = 'DONE';

-- "Is this GUID bridged in any portal?" without knowing the portal (the unique key starts with portal_id).
CREATE INDEX message_map_guid_idx ON message_map (login_id, guid_norm);
