-- Issue 4: backward backfill (batch-send homeservers insert older history above a room's oldest message).
-- Keep logically identical to db/migration/sqlite/V9__backward_task.sql.

-- One task per portal: its cached history strictly older than (before_ts, before_guid) is still to send,
-- newest page first. Deleted with the portal's room (a task is never kept for a portal without a room).
CREATE TABLE backward_task (
    login_id      TEXT    NOT NULL,
    portal_id     TEXT    NOT NULL,
    before_ts     BIGINT  NOT NULL,
    before_guid   TEXT COLLATE "C" NOT NULL DEFAULT '',
    done          BOOLEAN NOT NULL DEFAULT FALSE,
    messages_done BIGINT  NOT NULL DEFAULT 0,
    parts_sent    BIGINT  NOT NULL DEFAULT 0,
    last_error    TEXT,
    updated_ts    BIGINT  NOT NULL,
    PRIMARY KEY (login_id, portal_id)
);
-- The scheduler's "open tasks, oldest update first"; finished tasks stay as markers but leave the index.
CREATE INDEX backward_task_open_idx ON backward_task (login_id, updated_ts, portal_id) WHERE done = FALSE;

-- "Oldest bridged part of a portal" (where inserted history must end); the unique key orders by GUID, not time.
CREATE INDEX message_map_portal_order_idx ON message_map (login_id, portal_id, timestamp_ms, guid_norm);
