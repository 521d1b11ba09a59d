-- Issue 3: full message record model and housekeeping. Keep logically identical to
-- db/migration/sqlite/V2__issue3.sql.

-- Message extras beside the existing tapback_* and date_read_ms columns.
ALTER TABLE cloud_message ADD COLUMN reply_guid TEXT;
ALTER TABLE cloud_message ADD COLUMN unsent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cloud_message ADD COLUMN edited_at_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cloud_message ADD COLUMN msg_type INTEGER NOT NULL DEFAULT 0;
-- The attachment GUIDs the record named ('' = none or unknown), next to the resolved attachments_json.
ALTER TABLE cloud_message ADD COLUMN attachment_guids_json TEXT NOT NULL DEFAULT '';

-- Which attachment records each cached message references (its attachments_json, normalised), so
-- housekeeping can find unreferenced cache rows with an indexed join instead of parsing JSON.
CREATE TABLE cloud_message_attachment (
    login_id    TEXT NOT NULL,
    guid_norm   TEXT COLLATE "C" NOT NULL,
    record_name TEXT NOT NULL,
    PRIMARY KEY (login_id, guid_norm, record_name)
);
CREATE INDEX cloud_message_attachment_record_idx ON cloud_message_attachment (login_id, record_name, guid_norm);

INSERT INTO cloud_message_attachment (login_id, guid_norm, record_name)
SELECT DISTINCT m.login_id, m.guid_norm, a.value ->> 'record_name'
FROM cloud_message m, jsonb_array_elements(NULLIF(m.attachments_json, '')::jsonb) AS a(value)
WHERE a.value ->> 'record_name' IS NOT NULL;
