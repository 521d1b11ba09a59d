-- A deleted conversation brought back (a genuinely new message, or restore-chat) keeps when it was deleted:
-- live messages timestamped before that are echoes of the deleted conversation, not new traffic.
ALTER TABLE portal ADD COLUMN stale_before_ts BIGINT;
