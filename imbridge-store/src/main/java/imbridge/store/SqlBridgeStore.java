package imbridge.store;

import imbridge.core.model.BackfillState;
import imbridge.core.model.Guids;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@link BridgeStore} on SQL: portals, the message map and backfill progress of one login. */
final class SqlBridgeStore implements BridgeStore {

    private final SqlAccess sql;
    private final String login;

    SqlBridgeStore(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    @Override
    public Optional<Portal> portal(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> PortalTable.find(h, login, portalId));
    }

    @Override
    public List<Portal> portals() {
        return sql.reader().withHandle(h -> PortalTable.all(h, login));
    }

    @Override
    public Optional<Portal> portalByRoom(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        return sql.reader().withHandle(h -> PortalTable.byRoom(h, login, roomId));
    }

    @Override
    public void savePortal(Portal portal) {
        PortalTable.validate(portal);
        long now = sql.now();
        sql.writer().useHandle(h -> PortalTable.upsert(h, login, portal, now));
    }

    /** The message map is kept: its GUIDs stay known to echo detection after the room is gone. */
    @Override
    public void markPortalDeleted(String portalId, long atMs) {
        Objects.requireNonNull(portalId, "portalId");
        long now = sql.now();
        sql.writer().useHandle(h -> PortalTable.markDeleted(h, login, portalId, atMs, now));
    }

    @Override
    public void clearPortalDeleted(String portalId) {
        long now = sql.now();
        sql.writer().useHandle(h -> PortalTable.clearDeleted(h, login, portalId, now));
    }

    @Override
    public java.util.OptionalLong staleBefore(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> PortalTable.staleBefore(h, login, portalId));
    }

    @Override
    public java.util.Map<String, Long> deletedPortals() {
        return sql.reader().withHandle(h -> PortalTable.deleted(h, login));
    }

    @Override
    public void forgetPortalRoom(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        long now = sql.now();
        sql.writer().useTransaction(h -> {
            PortalTable.forgetRoom(h, login, portalId, now);
            BackfillStateTable.delete(h, login, portalId);
            BackwardTaskTable.delete(h, login, portalId);
        });
    }

    @Override
    public Set<PartKey> existingParts(String portalId, Collection<PartKey> keys) {
        Objects.requireNonNull(portalId, "portalId");
        if (keys.isEmpty()) {
            return Set.of();
        }
        return sql.reader().withHandle(h -> MessageMapTable.existing(h, login, portalId, keys));
    }

    @Override
    public Optional<String> eventIdOf(String portalId, PartKey key) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(key, "key");
        return sql.reader().withHandle(h -> MessageMapTable.eventIdOf(h, login, portalId, key));
    }

    @Override
    public Optional<BackfillState> backfillState(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> BackfillStateTable.find(h, login, portalId));
    }

    @Override
    public void saveBackfillState(BackfillState state) {
        BackfillStateTable.validate(state);
        sql.writer().useHandle(h -> BackfillStateTable.upsert(h, login, state));
    }

    @Override
    public void commitBackfillBatch(List<SentPart> sent, BackfillState state) {
        MessageMapTable.validate(sent);
        BackfillStateTable.validate(state);
        sql.writer().useTransaction(h -> {
            MessageMapTable.insertIgnoringExisting(h, login, sent);
            BackfillStateTable.upsert(h, login, state);
        });
    }

    @Override
    public boolean isBridged(String guid) {
        if (guid == null || guid.isBlank()) {
            return false;
        }
        return sql.reader().withHandle(h -> MessageMapTable.anyPartOf(h, login, Guids.normalize(guid)));
    }

    @Override
    public void recordSentParts(List<SentPart> parts) {
        MessageMapTable.validate(parts);
        if (parts.isEmpty()) {
            return;
        }
        sql.writer().useTransaction(h -> MessageMapTable.insertIgnoringExisting(h, login, parts));
    }
}
