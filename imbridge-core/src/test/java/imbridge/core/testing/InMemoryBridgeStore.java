package imbridge.core.testing;

import imbridge.core.model.BackfillState;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fake of the BridgeStore port for unit tests of the engine, held to the SQL stores' port-level contracts by
 * imbridge-store's {@code InMemory*ContractTest}.
 */
public final class InMemoryBridgeStore implements BridgeStore {
    public final Map<String, Portal> portals = new LinkedHashMap<>();
    public final Map<String, BackfillState> states = new HashMap<>();
    public final Map<String, Map<PartKey, SentPart>> map = new HashMap<>();
    public final List<BackfillState> checkpoints = new ArrayList<>();
    /** Backward-backfill tasks by portal, kept here (not in {@link InMemoryBackwardTasks}) so a forgotten room drops its task. */
    public final Map<String, BackwardTask> backwardTasks = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Portal> portal(String portalId) {
        return Optional.ofNullable(portals.get(portalId));
    }

    @Override
    public synchronized List<Portal> portals() {
        return List.copyOf(portals.values());
    }

    @Override
    public synchronized Optional<Portal> portalByRoom(String roomId) {
        return portals.values().stream()
                .filter(p -> roomId.equals(p.roomId()))
                .min(java.util.Comparator.comparing(Portal::portalId));
    }

    @Override
    public synchronized void savePortal(Portal portal) {
        portals.put(portal.portalId(), portal);
    }

    public final Map<String, Long> deleted = new LinkedHashMap<>();

    @Override
    public synchronized void markPortalDeleted(String portalId, long atMs) {
        // As the SQL store: the mark lives on the portal row, so a never-bridged portal gets a bare one.
        portals.putIfAbsent(portalId, new Portal(portalId, PortalKind.DM, null, List.of(), null));
        deleted.putIfAbsent(portalId, atMs);
    }

    @Override
    public synchronized void clearPortalDeleted(String portalId) {
        Long at = deleted.remove(portalId);
        if (at != null) {
            staleBefore.put(portalId, at);
        }
    }

    public final Map<String, Long> staleBefore = new LinkedHashMap<>();

    @Override
    public synchronized java.util.OptionalLong staleBefore(String portalId) {
        Long at = staleBefore.get(portalId);
        return at == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    @Override
    public synchronized Map<String, Long> deletedPortals() {
        return Map.copyOf(deleted);
    }

    @Override
    public synchronized void forgetPortalRoom(String portalId) {
        Portal p = portals.get(portalId);
        if (p != null) {
            portals.put(portalId, p.withRoom(null));
        }
        states.remove(portalId);
        backwardTasks.remove(portalId);
    }

    @Override
    public synchronized Set<PartKey> existingParts(String portalId, Collection<PartKey> keys) {
        Set<PartKey> out = new HashSet<>(keys);
        out.retainAll(map.getOrDefault(portalId, Map.of()).keySet());
        return out;
    }

    @Override
    public synchronized Optional<String> eventIdOf(String portalId, PartKey key) {
        return Optional.ofNullable(map.getOrDefault(portalId, Map.of()).get(key))
                .map(SentPart::eventId);
    }

    @Override
    public synchronized Optional<BackfillState> backfillState(String portalId) {
        return Optional.ofNullable(states.get(portalId));
    }

    @Override
    public synchronized void saveBackfillState(BackfillState state) {
        states.put(state.portalId(), state);
    }

    @Override
    public synchronized void commitBackfillBatch(List<SentPart> sent, BackfillState state) {
        sent.forEach(p ->
                map.computeIfAbsent(p.portalId(), k -> new LinkedHashMap<>()).putIfAbsent(p.key(), p));
        states.put(state.portalId(), state);
        checkpoints.add(state);
    }

    @Override
    public synchronized boolean isBridged(String guid) {
        String norm = imbridge.core.model.Guids.normalize(guid);
        return map.values().stream()
                .anyMatch(parts ->
                        parts.keySet().stream().anyMatch(k -> k.guidNorm().equals(norm)));
    }

    @Override
    public synchronized void recordSentParts(List<SentPart> parts) {
        parts.forEach(p ->
                map.computeIfAbsent(p.portalId(), k -> new LinkedHashMap<>()).putIfAbsent(p.key(), p));
    }
}
