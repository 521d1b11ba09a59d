-- Issue 15: what the dashboard shows per portal without counting messages at each poll.
-- Keep logically identical to db/migration/postgresql/V14__portal_progress.sql.

-- The parts (Matrix events: text, one per attachment) the bridge plans for a message, written with the row by the
-- store from MessagePartPlanner.partCount: the planner's rule stays in Java, SQL only adds the numbers up.
ALTER TABLE cloud_message ADD COLUMN planned_parts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cloud_message_staging ADD COLUMN planned_parts INTEGER;

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
         ELSE (CASE WHEN TRIM(COALESCE(subject, '') || COALESCE(text, ''),
                              ' ' || char(9) || char(10) || char(13) || char(65532)) <> '' THEN 1 ELSE 0 END)
              + COALESCE(json_array_length(NULLIF(attachments_json, '')), 0)
    END;

INSERT INTO portal_progress (login_id, portal_id, messages_known, parts_known)
SELECT login_id, portal_id, COUNT(*), SUM(planned_parts) FROM cloud_message
WHERE deleted = FALSE AND portal_id <> ''
GROUP BY login_id, portal_id;

INSERT INTO portal_progress (login_id, portal_id, parts_bridged)
SELECT login_id, portal_id, COUNT(*) FROM message_map WHERE part <> 'reaction' GROUP BY login_id, portal_id
ON CONFLICT (login_id, portal_id) DO UPDATE SET parts_bridged = excluded.parts_bridged;

-- A message counts while it is not soft-deleted and has a portal.
CREATE TRIGGER cloud_message_progress_insert AFTER INSERT ON cloud_message
WHEN NEW.deleted = FALSE AND NEW.portal_id <> ''
BEGIN
    INSERT INTO portal_progress (login_id, portal_id, messages_known, parts_known)
    VALUES (NEW.login_id, NEW.portal_id, 1, NEW.planned_parts)
    ON CONFLICT (login_id, portal_id) DO UPDATE SET
        messages_known = messages_known + 1,
        parts_known = parts_known + excluded.parts_known;
END;

CREATE TRIGGER cloud_message_progress_update AFTER UPDATE OF deleted, portal_id, planned_parts ON cloud_message
WHEN OLD.deleted IS NOT NEW.deleted OR OLD.portal_id IS NOT NEW.portal_id OR OLD.planned_parts IS NOT NEW.planned_parts
BEGIN
    UPDATE portal_progress SET
        messages_known = messages_known - 1,
        parts_known = parts_known - OLD.planned_parts
    WHERE login_id = OLD.login_id AND portal_id = OLD.portal_id AND OLD.deleted = FALSE AND OLD.portal_id <> '';
    INSERT INTO portal_progress (login_id, portal_id, messages_known, parts_known)
    SELECT NEW.login_id, NEW.portal_id, 1, NEW.planned_parts WHERE NEW.deleted = FALSE AND NEW.portal_id <> ''
    ON CONFLICT (login_id, portal_id) DO UPDATE SET
        messages_known = messages_known + 1,
        parts_known = parts_known + excluded.parts_known;
END;

CREATE TRIGGER cloud_message_progress_delete AFTER DELETE ON cloud_message
WHEN OLD.deleted = FALSE AND OLD.portal_id <> ''
BEGIN
    UPDATE portal_progress SET
        messages_known = messages_known - 1,
        parts_known = parts_known - OLD.planned_parts
    WHERE login_id = OLD.login_id AND portal_id = OLD.portal_id;
END;

CREATE TRIGGER message_map_progress_insert AFTER INSERT ON message_map
WHEN NEW.part <> 'reaction'
BEGIN
    INSERT INTO portal_progress (login_id, portal_id, parts_bridged)
    VALUES (NEW.login_id, NEW.portal_id, 1)
    ON CONFLICT (login_id, portal_id) DO UPDATE SET parts_bridged = parts_bridged + 1;
END;

CREATE TRIGGER message_map_progress_delete AFTER DELETE ON message_map
WHEN OLD.part <> 'reaction'
BEGIN
    UPDATE portal_progress SET parts_bridged = parts_bridged - 1
    WHERE login_id = OLD.login_id AND portal_id = OLD.portal_id;
END;
