package imbridge.app.commands;

import imbridge.core.backfill.BackfillQueue;
import imbridge.core.model.BackfillState;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.MatrixInbox;
import imbridge.core.sync.SyncGate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link BridgeCommands} over one login's running bridge: status from the stores, the gate and the
 * queues; {@code backfill} through the start-up sync's backfill queue while it runs. What the bridge has
 * no mechanism for yet is answered as not available.
 */
public final class RuntimeCommands implements BridgeCommands {
    private final BridgeStore bridge;
    private final CloudStore cloud;
    private final SyncGate gate;
    private final MatrixInbox inbox;
    private final Supplier<BackfillQueue> activeQueue;

    /** @param activeQueue the running start-up sync's backfill queue, or null when none runs */
    public RuntimeCommands(BridgeStore bridge, CloudStore cloud, SyncGate gate, MatrixInbox inbox,
                           Supplier<BackfillQueue> activeQueue) {
        this.bridge = bridge;
        this.cloud = cloud;
        this.gate = gate;
        this.inbox = inbox;
        this.activeQueue = activeQueue;
    }

    @Override
    public BridgeStatus status() {
        Map<String, Boolean> tokens = new LinkedHashMap<>();
        for (Zone zone : Zone.values()) {
            tokens.put(zone.zoneName(), cloud.syncToken(zone).isPresent());
        }
        List<BridgeStatus.PortalStatus> portals = new ArrayList<>();
        for (Portal portal : bridge.portals()) {
            Optional<BackfillState> state = bridge.backfillState(portal.portalId());
            portals.add(new BridgeStatus.PortalStatus(portal.portalId(), portal.roomId(),
                    state.map(BackfillState::status).orElse(null), state.map(BackfillState::partsSent).orElse(0L),
                    state.map(BackfillState::lastError).orElse(null)));
        }
        long cached = cloud.portalCandidates().stream().mapToLong(PortalCandidate::messageCount).sum();
        BackfillQueue queue = activeQueue.get();
        return new BridgeStatus(gate.isOpen(), queue != null, tokens, portals, bridge.deletedPortals().size(),
                queue == null ? null : queue.summary(), inbox.pendingCount(), cached, cloud.rejectCount());
    }

    @Override
    public CommandResult sync() {
        return CommandResult.notAvailable("a sync on demand is not wired yet; the bridge syncs at start-up "
                + "(with its delayed re-syncs), so restarting it syncs again.");
    }

    @Override
    public CommandResult backfill(String portalArgument) {
        Optional<String> portalId = resolve(portalArgument);
        if (portalId.isEmpty()) {
            return CommandResult.refused("no portal " + portalArgument + " (use a portal ID such as "
                    + "tel:+15551234567 or mailto:someone@example.com, gid:… for groups, or the room ID)");
        }
        if (bridge.deletedPortals().containsKey(portalId.get())) {
            return CommandResult.refused(portalId.get() + " was deleted; it is not backfilled again");
        }
        BackfillQueue queue = activeQueue.get();
        if (queue == null) {
            return CommandResult.notAvailable("backfills run with the start-up sync, which is not running; "
                    + "a backfill on demand outside it is not wired yet.");
        }
        queue.enqueue(portalId.get());
        return CommandResult.done("Forward backfill of " + portalId.get() + " queued; it resumes from its "
                + "checkpoint (\"status\" shows its progress).");
    }

    @Override
    public CommandResult retryAttachments() {
        return CommandResult.notAvailable("retrying failed attachments on demand is not wired yet.");
    }

    @Override
    public CommandResult restoreChat(String portalArgument) {
        return CommandResult.notAvailable("restoring a chat deleted on the Matrix side is not wired yet.");
    }

    /** A known portal by ID (case-insensitively, as handles are) or by its room ID. */
    private Optional<String> resolve(String argument) {
        String wanted = argument.strip();
        for (Portal portal : bridge.portals()) {
            if (portal.portalId().equalsIgnoreCase(wanted) || wanted.equals(portal.roomId())) {
                return Optional.of(portal.portalId());
            }
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        return cloud.portalCandidates().stream().map(PortalCandidate::portalId)
                .filter(id -> id.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }
}
