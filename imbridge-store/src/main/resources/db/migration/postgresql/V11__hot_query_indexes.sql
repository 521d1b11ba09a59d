-- Issue 13: indexes that keep every hot query bounded by its page or portal at 1M messages.
-- Keep logically identical to db/migration/sqlite/V11__hot_query_indexes.sql.
-- Each choice is checked by HotQueryPlansAtScale (imbridge-store tests), before and after statistics.

-- A portal's messages by (deleted, time): the backfill's keyset pages skip soft-deleted rows inside the index, the
-- per-portal count and discovery's GROUP BY portal read the index alone (no table row per message, no sort).
-- Replaces cloud_message_portal_order_idx, which it serves in full.
DROP INDEX cloud_message_portal_order_idx;
CREATE INDEX cloud_message_portal_state_idx ON cloud_message (login_id, portal_id, deleted, timestamp_ms, guid_norm);

-- Housekeeping's orphan purge reads the soft-deleted messages only (a few per cent), not the whole account.
CREATE INDEX cloud_message_soft_deleted_idx ON cloud_message (login_id, portal_id, guid_norm) WHERE deleted = TRUE;

-- Messages still waiting for an attachment record, already in the order the sync reads them (no sort), and only
-- those: the index stays tiny instead of holding an entry for every message.
DROP INDEX idx_cloud_message_attachments_pending;
CREATE INDEX cloud_message_pending_idx ON cloud_message (login_id, timestamp_ms, guid_norm)
    WHERE attachments_pending = TRUE AND deleted = FALSE;

-- No query reads messages by chat_id (portals group them); the index only cost a write per message.
DROP INDEX cloud_message_chat_order_idx;
