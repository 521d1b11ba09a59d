-- When the conversation was deleted (CloudKit chat tombstone or Matrix-side delete): kept on the
-- portal row so a restart still knows the portal is deleted (its chat row is gone after a tombstone).
ALTER TABLE portal ADD COLUMN deleted_ts BIGINT;
