-- Bulk load of a fresh account's messages (SQLite only). The first sync of an empty cache appends its message pages
-- here in arrival order (seq), with tombstones as rows of their own, and applies them to cloud_message in one pass
-- sorted by GUID at the end of the zone: a million rows then cost one write per index page instead of one random
-- index write per row and page (SqlCloudStore.finishBulkMessageLoad).
CREATE TABLE cloud_message_staging (
    login_id              TEXT    NOT NULL,
    seq                   INTEGER NOT NULL,
    tombstone_name        TEXT,
    guid                  TEXT,
    guid_norm             TEXT    NOT NULL,
    record_name           TEXT,
    chat_id               TEXT,
    portal_id             TEXT,
    timestamp_ms          BIGINT,
    sender                TEXT,
    is_from_me            INTEGER,
    text                  TEXT,
    subject               TEXT,
    service               TEXT,
    deleted               INTEGER NOT NULL DEFAULT 0,
    attachments_json      TEXT,
    attachment_guids_json TEXT,
    has_body              INTEGER,
    tapback_type          INTEGER,
    tapback_target_guid   TEXT,
    tapback_emoji         TEXT,
    reply_guid            TEXT,
    unsent                INTEGER,
    edited_at_ms          BIGINT,
    date_read_ms          BIGINT,
    msg_type              INTEGER,
    target_part           TEXT,
    layout_json           TEXT,
    attachments_pending   INTEGER,
    staged_ts             BIGINT  NOT NULL,
    PRIMARY KEY (login_id, seq)
);
