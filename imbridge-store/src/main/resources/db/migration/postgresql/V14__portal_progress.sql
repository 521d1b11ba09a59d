-- Issue 15: what the dashboard shows per portal without counting messages at each poll.
-- Keep logically identical to db/migration/sqlite/V14__portal_progress.sql (PostgreSQL has no staging table).

-- The parts (Matrix events: text, one per attachment) the bridge plans for a message, written with the row by the
-- store from MessagePartPlanner.partCount: the planner's rule stays in Java, SQL only adds the numbers up.
ALTER TABLE cloud_message ADD COLUMN planned_parts INTEGER NOT NULL DEFAULT 0;

-- Per portal: its live (not soft-deleted) messages and their planned parts, and the message and attachment parts
-- in its message map (reactions are not parts). Kept by the triggers below in the same transaction as every write
-- to cloud_message and message_map, whatever statement makes it, so a poll reads one row per portal.
CREATE TABLE portal_progress (
    login_id       TEXT   NOT NULL,
    portal_id      TEXT   NOT NULL,
    messages_known BIGINT NOT NULL DEFAULT 0,
    parts_known    BIGINT NOT NULL DEFAULT 0,
    parts_bridged  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (login_id, portal_id)
);

-- Existing messages: their planned parts computed once here by the planner's rule (a text part when the trimmed
-- subject or text is not empty, one per attachment; none for tapbacks, unsent messages or rows without a sender).
UPDATE cloud_message SET planned_parts =
    CASE WHEN unsent OR COALESCE(tapback_type, 0) >= 2000
              OR (NOT is_from_me AND TRIM(COALESCE(sender, '')) = '') THEN 0
         ELSE (CASE WHEN BTRIM(COALESCE(subject, '') || COALESCE(text, ''), E' \t\n\r\uFFFC') <> '' THEN 1 ELSE 0 END)
              + COALESCE(json_array_length(NULLIF(attachments_json, '')::json), 0)
    END;

INSERT INTO portal_progress (login_id, portal_id, messages_known, parts_known)
SELECT login_id, portal_id, COUNT(*), SUM(planned_parts) FROM cloud_message
WHERE deleted = FALSE AND portal_id <> ''
GROUP BY login_id, portal_id;

INSERT INTO portal_progress (login_id, portal_id, parts_bridged)
SELECT login_id, portal_id, COUNT(*) FROM message_map WHERE part <> 'reaction' GROUP BY login_id, portal_id
ON CONFLICT (login_id, portal_id) DO UPDATE SET parts_bridged = excluded.parts_bridged;

-- The triggers work per statement on its transition tables: one upsert per portal a statement touches. Per row, a
-- statement deleting a large portal would update that portal's row once per message in one transaction, and each
-- update walks every version the transaction left before it (quadratic); per statement there is one version each.
-- A message counts while it is not soft-deleted and has a portal; an update moves what the old version counted.
CREATE FUNCTION cloud_message_progress() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO portal_progress AS p (login_id, portal_id, messages_known, parts_known)
        SELECT login_id, portal_id, COUNT(*), SUM(planned_parts) FROM new_rows
        WHERE NOT deleted AND portal_id <> ''
        GROUP BY login_id, portal_id
        ON CONFLICT (login_id, portal_id) DO UPDATE SET
            messages_known = p.messages_known + excluded.messages_known,
            parts_known = p.parts_known + excluded.parts_known;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO portal_progress AS p (login_id, portal_id, messages_known, parts_known)
        SELECT login_id, portal_id, SUM(messages), SUM(parts) FROM (
            SELECT login_id, portal_id, 1 AS messages, planned_parts AS parts FROM new_rows
            WHERE NOT deleted AND portal_id <> ''
            UNION ALL
            SELECT login_id, portal_id, -1, -planned_parts FROM old_rows
            WHERE NOT deleted AND portal_id <> '') d
        GROUP BY login_id, portal_id
        HAVING SUM(messages) <> 0 OR SUM(parts) <> 0
        ON CONFLICT (login_id, portal_id) DO UPDATE SET
            messages_known = p.messages_known + excluded.messages_known,
            parts_known = p.parts_known + excluded.parts_known;
    ELSE
        UPDATE portal_progress p SET
            messages_known = p.messages_known - d.messages,
            parts_known = p.parts_known - d.parts
        FROM (SELECT login_id, portal_id, COUNT(*) AS messages, SUM(planned_parts) AS parts FROM old_rows
              WHERE NOT deleted AND portal_id <> ''
              GROUP BY login_id, portal_id) d
        WHERE p.login_id = d.login_id AND p.portal_id = d.portal_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cloud_message_progress_insert AFTER INSERT ON cloud_message
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cloud_message_progress();
CREATE TRIGGER cloud_message_progress_update AFTER UPDATE ON cloud_message
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cloud_message_progress();
CREATE TRIGGER cloud_message_progress_delete AFTER DELETE ON cloud_message
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cloud_message_progress();

CREATE FUNCTION message_map_progress() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO portal_progress AS p (login_id, portal_id, parts_bridged)
        SELECT login_id, portal_id, COUNT(*) FROM new_rows WHERE part <> 'reaction' GROUP BY login_id, portal_id
        ON CONFLICT (login_id, portal_id) DO UPDATE SET parts_bridged = p.parts_bridged + excluded.parts_bridged;
    ELSE
        UPDATE portal_progress p SET parts_bridged = p.parts_bridged - d.parts
        FROM (SELECT login_id, portal_id, COUNT(*) AS parts FROM old_rows WHERE part <> 'reaction'
              GROUP BY login_id, portal_id) d
        WHERE p.login_id = d.login_id AND p.portal_id = d.portal_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER message_map_progress_insert AFTER INSERT ON message_map
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_map_progress();
CREATE TRIGGER message_map_progress_delete AFTER DELETE ON message_map
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_map_progress();
