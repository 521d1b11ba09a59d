-- Issue 13: a portal by its Matrix room, once per Matrix event (outgoing messages, the owner leaving a room).
-- Keep logically identical to db/migration/sqlite/V12__portal_room_index.sql.
-- Checked by HotQueryPlansAtScale (imbridge-store tests), before and after statistics.

-- portal_id last: a room's portals come out already in PortalTable.BY_ROOM's order (no sort before its LIMIT 1).
CREATE INDEX portal_room_idx ON portal (login_id, room_id, portal_id);
