-- imbridge schema, SQLite dialect. Keep logically identical to db/migration/postgresql/V1__init.sql.
-- Booleans are INTEGER 0/1; GUID columns compare with the default BINARY collation.

CREATE TABLE cloud_sync_state (
    login_id           TEXT    NOT NULL,
    zone               TEXT    NOT NULL,
    continuation_token TEXT,
    last_success_ts    BIGINT,
    last_error         TEXT,
    updated_ts         BIGINT  NOT NULL,
    PRIMARY KEY (login_id, zone)
);

CREATE TABLE cloud_chat (
    login_id          TEXT    NOT NULL,
    cloud_chat_id     TEXT    NOT NULL,
    record_name       TEXT    NOT NULL DEFAULT '',
    group_id          TEXT    NOT NULL DEFAULT '',
    portal_id         TEXT    NOT NULL,
    service           TEXT,
    display_name      TEXT,
    group_photo_guid  TEXT,
    participants_json TEXT,
    is_filtered       INTEGER NOT NULL DEFAULT 0,
    deleted           INTEGER NOT NULL DEFAULT 0,
    fwd_backfill_done INTEGER NOT NULL DEFAULT 0,
    created_ts        BIGINT  NOT NULL,
    updated_ts        BIGINT,
    PRIMARY KEY (login_id, cloud_chat_id)
);
CREATE INDEX cloud_chat_portal_idx ON cloud_chat (login_id, portal_id, cloud_chat_id);
CREATE INDEX cloud_chat_record_name_idx ON cloud_chat (login_id, record_name) WHERE record_name <> '';
CREATE INDEX cloud_chat_group_id_idx ON cloud_chat (login_id, group_id) WHERE group_id <> '';

CREATE TABLE cloud_message (
    login_id            TEXT    NOT NULL,
    guid                TEXT    NOT NULL,
    guid_norm           TEXT    NOT NULL,
    record_name         TEXT    NOT NULL DEFAULT '',
    chat_id             TEXT,
    portal_id           TEXT,
    timestamp_ms        BIGINT  NOT NULL,
    sender              TEXT,
    is_from_me          INTEGER NOT NULL DEFAULT 0,
    text                TEXT,
    subject             TEXT,
    service             TEXT,
    deleted             INTEGER NOT NULL DEFAULT 0,
    tapback_type        INTEGER,
    tapback_target_guid TEXT,
    tapback_emoji       TEXT,
    attachments_json    TEXT    NOT NULL DEFAULT '',
    date_read_ms        BIGINT  NOT NULL DEFAULT 0,
    has_body            INTEGER NOT NULL DEFAULT 1,
    created_ts          BIGINT  NOT NULL,
    updated_ts          BIGINT  NOT NULL,
    PRIMARY KEY (login_id, guid_norm)
);
CREATE INDEX cloud_message_portal_order_idx ON cloud_message (login_id, portal_id, timestamp_ms, guid_norm);
CREATE INDEX cloud_message_chat_order_idx ON cloud_message (login_id, chat_id, timestamp_ms, guid_norm);
CREATE INDEX cloud_message_record_name_idx ON cloud_message (login_id, record_name);

CREATE TABLE cloud_attachment (
    login_id        TEXT    NOT NULL,
    record_name     TEXT    NOT NULL,
    guid            TEXT    NOT NULL,
    guid_norm       TEXT    NOT NULL,
    mime_type       TEXT,
    uti             TEXT,
    filename        TEXT,
    size            BIGINT  NOT NULL DEFAULT 0,
    checksum_sha256 TEXT,
    download_url    TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0,
    created_ts      BIGINT  NOT NULL,
    updated_ts      BIGINT  NOT NULL,
    PRIMARY KEY (login_id, record_name)
);
CREATE INDEX cloud_attachment_guid_idx ON cloud_attachment (login_id, guid_norm);

CREATE TABLE cloud_attachment_cache (
    login_id     TEXT   NOT NULL,
    record_name  TEXT   NOT NULL,
    content_json TEXT   NOT NULL,
    created_ts   BIGINT NOT NULL,
    PRIMARY KEY (login_id, record_name)
);

CREATE TABLE cloud_attachment_failure (
    login_id    TEXT    NOT NULL,
    record_name TEXT    NOT NULL,
    retries     INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    updated_ts  BIGINT  NOT NULL,
    PRIMARY KEY (login_id, record_name)
);

CREATE TABLE cloud_record_reject (
    login_id    TEXT   NOT NULL,
    zone        TEXT   NOT NULL,
    record_name TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    raw_json    TEXT,
    created_ts  BIGINT NOT NULL,
    PRIMARY KEY (login_id, zone, record_name)
);

CREATE TABLE portal (
    login_id     TEXT   NOT NULL,
    portal_id    TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    name         TEXT,
    members_json TEXT   NOT NULL DEFAULT '[]',
    room_id      TEXT,
    created_ts   BIGINT NOT NULL,
    updated_ts   BIGINT NOT NULL,
    PRIMARY KEY (login_id, portal_id)
);

CREATE TABLE message_map (
    login_id     TEXT   NOT NULL,
    portal_id    TEXT   NOT NULL,
    guid_norm    TEXT   NOT NULL,
    part         TEXT   NOT NULL,
    guid         TEXT   NOT NULL,
    room_id      TEXT,
    event_id     TEXT,
    timestamp_ms BIGINT NOT NULL,
    CONSTRAINT message_map_part_uq UNIQUE (login_id, portal_id, guid_norm, part)
);
CREATE INDEX message_map_event_idx ON message_map (login_id, event_id);

CREATE TABLE backfill_state (
    login_id      TEXT   NOT NULL,
    portal_id     TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    cursor_ts     BIGINT NOT NULL,
    cursor_guid   TEXT   NOT NULL DEFAULT '',
    messages_done BIGINT NOT NULL DEFAULT 0,
    parts_sent    BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    updated_ts    BIGINT NOT NULL,
    PRIMARY KEY (login_id, portal_id)
);

-- Durable inbox of live events (filled and drained by later work): producers append, portal workers consume.
CREATE TABLE live_inbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    login_id     TEXT   NOT NULL,
    portal_id    TEXT,
    guid_norm    TEXT,
    payload_json TEXT   NOT NULL,
    status       TEXT   NOT NULL DEFAULT 'PENDING',
    received_ts  BIGINT NOT NULL,
    updated_ts   BIGINT NOT NULL
);
CREATE INDEX live_inbox_pending_idx ON live_inbox (login_id, status, id);

-- Application Service transactions already processed (the homeserver may resend one).
CREATE TABLE as_txn (
    txn_id       TEXT   NOT NULL PRIMARY KEY,
    processed_ts BIGINT NOT NULL
);
