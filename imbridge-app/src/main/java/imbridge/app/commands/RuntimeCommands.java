package imbridge.app.commands;

import imbridge.core.backfill.BackfillQueue;
import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.BackfillState;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.MatrixInbox;
import imbridge.core.sync.SyncGate;
import imbridge.store.SqlChatRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link BridgeCommands} over one login's running bridge: status from the stores, the gate and the
 * queues; {@code backfill}, {@code sync} and {@code retry-attachments} through the long-lived engine;
 * {@code restore-chat} through the store's restore (behaviour.md §8.7).
 */
public final class RuntimeCommands implements BridgeCommands {
    private static final int LISTED = 20;

    private final BridgeStore bridge;
    private final CloudStore cloud;
    private final SyncGate gate;
    private final MatrixInbox inbox;
    private final BridgeEngine engine;
    private final SqlChatRestore restore;
    private final RecentlyDeletedPortals recentlyDeleted;

    public RuntimeCommands(
            BridgeStore bridge,
            CloudStore cloud,
            SyncGate gate,
            MatrixInbox inbox,
            BridgeEngine engine,
            SqlChatRestore restore,
            RecentlyDeletedPortals recentlyDeleted) {
        this.bridge = bridge;
        this.cloud = cloud;
        this.gate = gate;
        this.inbox = inbox;
        this.engine = engine;
        this.restore = restore;
        this.recentlyDeleted = recentlyDeleted;
    }

    /** The live inbox whose state {@code status} shows (none when live messaging is off). */
    public RuntimeCommands withLiveInbox(LiveInbox liveInbox) {
        this.liveInbox = liveInbox;
        return this;
    }

    private volatile LiveInbox liveInbox;

    /** The backward-backfill tasks whose open ones {@code status} shows. */
    public RuntimeCommands withBackwardTasks(imbridge.core.port.BackwardTasks tasks) {
        this.backwardTasks = tasks;
        return this;
    }

    private volatile imbridge.core.port.BackwardTasks backwardTasks;

    /** Every portal's state and the cached-message figure in one statement each (else one query per portal). */
    public RuntimeCommands withPortalProgress(imbridge.store.SqlPortalProgress progress) {
        this.progress = progress;
        return this;
    }

    private volatile imbridge.store.SqlPortalProgress progress;

    @Override
    public BridgeStatus status() {
        Map<String, Boolean> tokens = new LinkedHashMap<>();
        for (Zone zone : Zone.values()) {
            tokens.put(zone.zoneName(), cloud.syncToken(zone).isPresent());
        }
        imbridge.store.SqlPortalProgress all = progress;
        List<BridgeStatus.PortalStatus> portals = all == null ? portalsOneByOne() : portalsAtOnce(all);
        long cached = all != null
                ? all.cachedMessages()
                : cloud.portalCandidates().stream()
                        .mapToLong(PortalCandidate::messageCount)
                        .sum();
        BackfillQueue queue = engine.queue();
        BridgeStatus.Live live = liveInbox == null
                ? BridgeStatus.Live.NONE
                : new BridgeStatus.Live(
                        liveInbox.count(LiveInbox.Status.PENDING),
                        liveInbox.count(LiveInbox.Status.HELD),
                        liveInbox.dropCounts());
        return new BridgeStatus(
                gate.isOpen(),
                engine.startupSyncRunning(),
                tokens,
                portals,
                bridge.deletedPortals().size(),
                queue == null ? null : queue.summary(),
                inbox.pendingCount(),
                cached,
                cloud.rejectCount(),
                live,
                olderHistory());
    }

    private List<BridgeStatus.PortalStatus> portalsOneByOne() {
        List<BridgeStatus.PortalStatus> portals = new ArrayList<>();
        for (Portal portal : bridge.portals()) {
            Optional<BackfillState> state = bridge.backfillState(portal.portalId());
            portals.add(new BridgeStatus.PortalStatus(
                    portal.portalId(),
                    portal.roomId(),
                    state.map(BackfillState::status).orElse(null),
                    state.map(BackfillState::partsSent).orElse(0L),
                    state.map(BackfillState::lastError).orElse(null)));
        }
        return portals;
    }

    private static List<BridgeStatus.PortalStatus> portalsAtOnce(imbridge.store.SqlPortalProgress all) {
        return all.portals().stream()
                .map(p -> new BridgeStatus.PortalStatus(
                        p.portalId(), p.roomId(), p.backfill(), p.partsSent(), p.lastError()))
                .toList();
    }

    private List<BridgeStatus.OlderHistory> olderHistory() {
        imbridge.core.port.BackwardTasks tasks = backwardTasks;
        return tasks == null
                ? List.of()
                : tasks.openBackwardTasks().stream()
                        .map(t -> new BridgeStatus.OlderHistory(t.portalId(), t.messagesDone(), t.lastError()))
                        .toList();
    }

    @Override
    public CommandResult sync(Consumer<String> finished) {
        return switch (engine.startSync(finished)) {
            case STARTED -> CommandResult.done("Sync started; I will say here when it finished.");
            case NOT_READY -> CommandResult.notAvailable("the start-up sync has not begun yet; it syncs anyway.");
            case STARTUP_SYNC_RUNNING ->
                CommandResult.refused("the start-up sync (with its delayed re-syncs) "
                        + "is running; one sync at a time. Try again when \"status\" no longer shows it.");
            case ALREADY_RUNNING ->
                CommandResult.refused("a sync (or an attachment retry) is already running; " + "one at a time.");
        };
    }

    @Override
    public CommandResult backfill(String portalArgument) {
        Optional<String> portalId = resolve(portalArgument);
        if (portalId.isEmpty()) {
            return CommandResult.notFound("no portal " + portalArgument + " (use a portal ID such as "
                    + "tel:+15551234567 or mailto:someone@example.com, gid:… for groups, or the room ID)");
        }
        if (bridge.deletedPortals().containsKey(portalId.get())) {
            return CommandResult.refused(portalId.get() + " was deleted; it is not backfilled again "
                    + "(\"restore-chat\" brings back a chat deleted on the Matrix side)");
        }
        BackfillQueue queue = engine.queue();
        if (queue == null) {
            return CommandResult.notAvailable("the start-up sync has not begun yet; it backfills every portal.");
        }
        queue.enqueue(portalId.get());
        return CommandResult.done("Forward backfill of " + portalId.get() + " queued; it resumes from its "
                + "checkpoint (\"status\" shows its progress).");
    }

    @Override
    public CommandResult retryAttachments(Consumer<String> finished) {
        return switch (engine.retryAttachments(finished)) {
            case STARTED ->
                CommandResult.done("Retrying attachments: once the running backfills are idle, the "
                        + "given-up attachments are forgotten; I will say here how many.");
            case NOT_READY -> CommandResult.notAvailable("the start-up sync has not begun yet.");
            case STARTUP_SYNC_RUNNING -> CommandResult.refused("the start-up sync is running; try again after it.");
            case ALREADY_RUNNING ->
                CommandResult.refused("a sync or an attachment retry is running; " + "try again after it.");
        };
    }

    @Override
    public CommandResult restorableChats() {
        List<SqlChatRestore.SoftDeletedPortal> chats = restorable();
        if (chats.isEmpty()) {
            return CommandResult.done("No chat deleted on the Matrix side can be restored.");
        }
        StringBuilder text = new StringBuilder(
                "Chats deleted on the Matrix side (restore one with " + "\"restore-chat <portal>\"):");
        chats.stream()
                .limit(LISTED)
                .forEach(c -> text.append("\n")
                        .append(c.portalId())
                        .append(" — ")
                        .append(c.messages())
                        .append(" message(s)"));
        if (chats.size() > LISTED) {
            text.append("\n… and ").append(chats.size() - LISTED).append(" more");
        }
        return CommandResult.done(text.toString());
    }

    @Override
    public CommandResult restoreChat(String portalArgument) {
        String wanted = portalArgument.strip();
        Optional<String> deleted = bridge.deletedPortals().keySet().stream()
                .filter(id -> id.equalsIgnoreCase(wanted))
                .findFirst();
        if (deleted.isEmpty()) {
            return CommandResult.notFound(wanted + " is not a deleted chat (\"restore-chat\" alone lists them)");
        }
        String portalId = deleted.get();
        Optional<SqlChatRestore.SoftDeletedPortal> chat =
                restorable().stream().filter(c -> c.portalId().equals(portalId)).findFirst();
        if (chat.isEmpty()) {
            return CommandResult.refused(portalId + " was deleted on the Apple side (CloudKit removed its chat "
                    + "record), so it is gone there too and cannot be restored here");
        }
        if (!engine.tryLockSync()) {
            return CommandResult.refused("a sync is running; try again after it (\"status\" shows it).");
        }
        int messages;
        try {
            messages = restore.restore(portalId);
            recentlyDeleted.clear(portalId);
        } finally {
            engine.unlockSync();
        }
        BackfillQueue queue = engine.queue();
        if (queue != null) {
            queue.enqueue(portalId);
        }
        return CommandResult.done("Restored " + portalId + ": " + messages + " message(s) will be bridged into a "
                + "new room" + (queue == null ? " by the start-up sync." : "; its backfill is queued."));
    }

    /**
     * Portals marked deleted whose messages are soft-deleted and that still have a (soft-deleted) chat row: a
     * Matrix-side delete keeps the rows; a CloudKit tombstone hard-deletes the chat row it names.
     */
    private List<SqlChatRestore.SoftDeletedPortal> restorable() {
        Map<String, Long> deleted = bridge.deletedPortals();
        return restore.softDeletedPortals().stream()
                .filter(c -> deleted.containsKey(c.portalId()) && c.softDeletedChatRows() > 0)
                .toList();
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
        return cloud.portalCandidates().stream()
                .map(PortalCandidate::portalId)
                .filter(id -> id.toLowerCase(Locale.ROOT).equals(lower))
                .findFirst();
    }
}
