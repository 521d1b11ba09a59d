-- Messages that named attachments not (yet) known when they were ingested: re-enriched when the
-- attachment records arrive, and held back by forward backfill meanwhile so parts stay in order.
ALTER TABLE cloud_message ADD COLUMN attachments_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_cloud_message_attachments_pending ON cloud_message (login_id, attachments_pending);
