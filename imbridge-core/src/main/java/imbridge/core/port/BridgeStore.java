package imbridge.core.port;

import imbridge.core.model.BackfillState;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.SentPart;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Bridge-side state of one login: portals, the message map and backfill progress. */
public interface BridgeStore {

    Optional<Portal> portal(String portalId);

    List<Portal> portals();

    /**
     * The portal whose Matrix room this is; empty for a room no portal has (or has any longer, once
     * {@link #forgetPortalRoom} ran). One room belongs to one portal; were two ever to claim it, the lowest portal ID
     * wins, so the answer stays the same from call to call. Per Matrix event: costs one index lookup, not the account.
     */
    Optional<Portal> portalByRoom(String roomId);

    void savePortal(Portal portal);

    /**
     * Remembers that the conversation was deleted (tombstone or Matrix-side delete) at {@code atMs}, on the
     * portal row (created bare if the portal never had a room), so a restart still knows; the first time wins.
     */
    void markPortalDeleted(String portalId, long atMs);

    /**
     * Restore (or a genuinely new conversation) takes the mark away; the deletion time is kept as the portal's
     * {@link #staleBefore} point.
     */
    void clearPortalDeleted(String portalId);

    /** For a deleted conversation that came back: when it had been deleted (older live messages are echoes). */
    java.util.OptionalLong staleBefore(String portalId);

    /** Portals marked deleted, with when. */
    java.util.Map<String, Long> deletedPortals();

    /** The portal's room was deleted: forget the room and reset its backfill state, keeping the message map. */
    void forgetPortalRoom(String portalId);

    /** Which of these part keys of a portal are already in the message map. */
    Set<PartKey> existingParts(String portalId, Collection<PartKey> keys);

    /** The Matrix event a part of a portal became, if it is in the message map (GUID compared case-insensitively). */
    Optional<String> eventIdOf(String portalId, PartKey key);

    Optional<BackfillState> backfillState(String portalId);

    void saveBackfillState(BackfillState state);

    /**
     * Checkpoint after a send batch: the sent parts and the new backfill state in one transaction.
     * Inserting a part key that already exists is ignored (the map is {@code UNIQUE} per part).
     */
    void commitBackfillBatch(List<SentPart> sent, BackfillState state);

    /** Whether any portal's message map has a part of this message (GUID compared case-insensitively). */
    boolean isBridged(String guid);

    /**
     * Parts bridged outside backfill (live messages, the owner's outgoing Matrix messages whose Apple UUID must be
     * recognised later), in one transaction; part keys already in the map are ignored.
     */
    void recordSentParts(List<SentPart> parts);
}
