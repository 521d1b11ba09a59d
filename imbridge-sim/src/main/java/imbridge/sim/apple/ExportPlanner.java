package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.ChatShape;
import imbridge.sim.apple.AppleExportPlan.EditVersion;
import imbridge.sim.apple.AppleExportPlan.Eras;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.Change;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.CkRecord;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.MalformedRecord;
import imbridge.sim.cloudkit.MessageRecord;
import imbridge.sim.cloudkit.Zones;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an {@link AppleExportPlan} from a dataset snapshot: the chats ({@link ChatResolver}), handles,
 * attachments ({@link AttachmentPlanner}), messages ({@link MessageRows}), the rows outside the dataset
 * ({@link SyntheticRows}) and the tombstones. Given the plan of an earlier snapshot of the same account it keeps
 * every ROWID and every per-row choice of that plan, so the files it describes are a newer state of the same
 * database.
 */
final class ExportPlanner {

    private static final Logger log = LoggerFactory.getLogger(ExportPlanner.class);
    static final long HOUR_NS = 3_600_000_000_000L;

    private final Dataset dataset;
    private final Dataset.Snapshot snapshot;
    private final ExportLayout layout;
    private final AppleExportPlan previous;
    private final long seed;
    private final Skips skips = new Skips(log);

    private ExportPlanner(
            Dataset dataset,
            Dataset.Snapshot snapshot,
            ExportLayout layout,
            long choiceSeed,
            AppleExportPlan previous) {
        this.dataset = dataset;
        this.snapshot = snapshot;
        this.layout = layout;
        this.previous = previous;
        this.seed = choiceSeed;
    }

    /** A first export; {@code choiceSeed} decides the export's own choices (usually the dataset's seed). */
    static AppleExportPlan plan(Dataset dataset, Dataset.Snapshot snapshot, ExportLayout layout, long choiceSeed) {
        return new ExportPlanner(dataset, snapshot, layout, choiceSeed, null).build();
    }

    /** A later snapshot of the account {@code previous} was planned from: every earlier choice and ROWID kept. */
    static AppleExportPlan later(Dataset dataset, Dataset.Snapshot snapshot, AppleExportPlan previous) {
        return new ExportPlanner(dataset, snapshot, previous.layout(), previous.choiceSeed(), previous).build();
    }

    private AppleExportPlan build() {
        List<MessageRecord> messages = newestPerGuid();
        for (String zone : List.of(Zones.CHATS, Zones.MESSAGES, Zones.ATTACHMENTS)) {
            int malformed = snapshot.live(zone, MalformedRecord.class).size();
            skips.skip(
                    "MALFORMED_RECORD",
                    malformed,
                    malformed + " malformed records of " + zone + " not written (a database cannot hold them)");
        }
        ChatResolver resolver = new ChatResolver(
                seed, snapshot.live(Zones.CHATS, ChatRecord.class), tombstoned(Zones.CHATS, ChatRecord.class), skips);
        List<String> keys = new ArrayList<>(messages.size());
        for (MessageRecord message : messages) {
            String key = resolver.keyOf(message);
            keys.add(key);
            resolver.observe(key, message);
        }
        resolver.finish(previous == null ? Set.of() : previous.splitHandles(), previous == null);

        Eras eras = previous != null ? previous.eras() : eras(messages);
        long snapshotNs = snapshotNs(messages);
        HandleTable handles = new HandleTable(previous);
        Map<String, ChatRow> chatByKey = chatRows(resolver, handles);

        List<MessageRecord> placed = new ArrayList<>();
        List<String> placedKeys = new ArrayList<>();
        List<MessageRecord> ofDeletedChats = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String key = keys.get(i);
            if (resolver.isDeleted(key)) {
                ofDeletedChats.add(messages.get(i));
            } else if (key.isEmpty()) {
                skips.skip(
                        "UNPLACEABLE",
                        1,
                        "message " + messages.get(i).recordName()
                                + " not written: no chat, group or handle to place it");
            } else {
                placed.add(messages.get(i));
                placedKeys.add(resolver.route(key, messages.get(i)));
            }
        }

        Map<String, MessageRecord> firstUse = new HashMap<>();
        placed.forEach(m -> m.attachmentGuids().forEach(g -> firstUse.putIfAbsent(upper(g), m)));
        RowIds attachmentIds = new RowIds();
        if (previous != null) {
            previous.attachments()
                    .forEach(a -> attachmentIds.keep(upper(a.record().guid()), a.rowid()));
        }
        List<AttachmentRow> attachments = new AttachmentPlanner(seed, layout, previous)
                .plan(snapshot.live(Zones.ATTACHMENTS, AttachmentRecord.class), firstUse, attachmentIds, snapshotNs);

        RowIds messageIds = new RowIds();
        if (previous != null) {
            previous.messages().forEach(m -> messageIds.keep(m.guid(), m.rowid()));
        }
        MessageRows rows = new MessageRows(seed, eras, handles, chatByKey, attachments, placed, previous);
        List<MessageRow> messageRows = new ArrayList<>(rows.rows(placedKeys, messageIds));
        messageRows.addAll(syntheticRows(chatByKey, messageRows, eras, messageIds));
        messageRows.sort(Comparator.comparingLong(MessageRow::rowid));

        Set<String> liveGuids = new LinkedHashSet<>();
        messageRows.forEach(m -> liveGuids.add(m.guid()));
        Tombstones tombstones = new Tombstones(previous);
        return new AppleExportPlan(
                dataset.seed(),
                seed,
                dataset.summary(),
                layout,
                eras,
                snapshotNs,
                handles.rows(),
                chatByKey.values().stream()
                        .sorted(Comparator.comparingLong(ChatRow::rowid))
                        .toList(),
                messageRows,
                attachments,
                tombstones.messages(tombstoned(Zones.MESSAGES, MessageRecord.class), ofDeletedChats, liveGuids),
                tombstones.attachments(tombstoned(Zones.ATTACHMENTS, AttachmentRecord.class), attachments),
                tombstones.chats(resolver.deletedChats(), snapshotNs),
                editHistory(placed),
                resolver.splitHandles(),
                skips.counts());
    }

    private Map<String, ChatRow> chatRows(ChatResolver resolver, HandleTable handles) {
        RowIds chatIds = new RowIds();
        if (previous != null) {
            previous.chats().forEach(c -> chatIds.keep(c.key(), c.rowid()));
            previous.deletedChats().forEach(c -> chatIds.atLeast(c.rowid()));
        }
        Map<String, ChatRow> chatByKey = new LinkedHashMap<>();
        for (ChatShape shape : resolver.liveChats()) {
            List<Long> handleRowids = shape.participantIds().stream()
                    .map(id -> handles.rowid(id, shape.handleService()))
                    .toList();
            chatByKey.put(shape.key(), new ChatRow(chatIds.idFor(shape.key()), shape, handleRowids));
        }
        return chatByKey;
    }

    /** The orphans and rejected rows: created once, then carried (to the busiest chat if theirs is gone). */
    private List<MessageRow> syntheticRows(
            Map<String, ChatRow> chatByKey, List<MessageRow> rows, Eras eras, RowIds ids) {
        ChatRow host = hostChat(chatByKey, rows);
        if (host == null) {
            return List.of();
        }
        if (previous != null) {
            Set<Long> chatRowids = new LinkedHashSet<>();
            chatByKey.values().forEach(c -> chatRowids.add(c.rowid()));
            return previous.messages().stream()
                    .filter(m -> m.kind() != MessageKind.DATASET)
                    .map(m -> SyntheticRows.carried(m, host, chatRowids.contains(m.chatRowid())))
                    .toList();
        }
        long handle = host.handleRowids().isEmpty() ? 0 : host.handleRowids().getFirst();
        return SyntheticRows.create(seed, host, handle, eras.olderStyleBeforeNs(), ids);
    }

    /** The unfiltered chat with the most joined dataset messages (lowest ROWID on a tie). */
    private static ChatRow hostChat(Map<String, ChatRow> chatByKey, List<MessageRow> rows) {
        Map<Long, Integer> counts = new HashMap<>();
        rows.stream()
                .filter(m -> m.placement() == AppleExportPlan.Placement.CHAT)
                .forEach(m -> counts.merge(m.chatRowid(), 1, Integer::sum));
        return chatByKey.values().stream()
                .filter(c -> !c.shape().filtered() && counts.containsKey(c.rowid()))
                .max(Comparator.comparingInt((ChatRow c) -> counts.get(c.rowid()))
                        .thenComparing(Comparator.comparingLong(ChatRow::rowid).reversed()))
                .orElse(null);
    }

    /**
     * Edited messages' versions: a first sighting gets an invented earlier version at the send time and the
     * current text at the edit time; a text that changed since the previous snapshot adds a version.
     */
    private Map<String, List<EditVersion>> editHistory(List<MessageRecord> placed) {
        Map<String, List<EditVersion>> history = new HashMap<>();
        for (MessageRecord message : placed) {
            String text = MessageRows.bodyText(message);
            if (message.meta().editedAtNs() == null
                    || text == null
                    || message.meta().unsent()) {
                continue;
            }
            String guid = upper(message.guid());
            List<EditVersion> before =
                    previous == null ? null : previous.editHistory().get(guid);
            EditVersion current = new EditVersion(text, message.meta().editedAtNs() / 1e9);
            List<EditVersion> versions = new ArrayList<>();
            if (before == null) {
                versions.add(new EditVersion(earlierVersion(text), message.timeNs() / 1e9));
                versions.add(current);
            } else {
                versions.addAll(before);
                if (!before.getLast().text().equals(text)) {
                    versions.add(current);
                }
            }
            history.put(guid, List.copyOf(versions));
        }
        return history;
    }

    /** The first half of the text (whole code points) and an ellipsis: what was sent before the edit. */
    static String earlierVersion(String text) {
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints < 2) {
            return text + "?";
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints / 2)) + "…";
    }

    private static Eras eras(List<MessageRecord> messages) {
        long[] times = messages.stream()
                .mapToLong(MessageRecord::timeNs)
                .filter(t -> t > 0 && t < SyntheticRows.AFTER_2100_NS)
                .sorted()
                .toArray();
        if (times.length == 0) {
            return new Eras(Long.MIN_VALUE, Long.MIN_VALUE);
        }
        return new Eras(times[times.length / 10], times[times.length / 2]);
    }

    /** An hour after everything the snapshot holds (and after the previous snapshot). */
    private long snapshotNs(List<MessageRecord> messages) {
        long newest = 0;
        for (MessageRecord message : messages) {
            if (message.timeNs() < SyntheticRows.AFTER_2100_NS) {
                newest = Math.max(newest, message.timeNs());
            }
            if (message.meta().editedAtNs() != null) {
                newest = Math.max(newest, message.meta().editedAtNs());
            }
        }
        long next = newest + HOUR_NS;
        return previous == null ? next : Math.max(next, previous.snapshotNs() + HOUR_NS);
    }

    /** The newest version of each live message, one per GUID (case-insensitive), in order of first appearance. */
    private List<MessageRecord> newestPerGuid() {
        Map<String, MessageRecord> byGuid = new LinkedHashMap<>();
        Map<String, Long> sequence = new HashMap<>();
        for (Change change : snapshot.liveChanges(Zones.MESSAGES)) {
            if (change.record() instanceof MessageRecord message) {
                String guid = upper(message.guid());
                Long seen = sequence.get(guid);
                if (seen == null || change.sequence() > seen) {
                    byGuid.put(guid, message);
                    sequence.put(guid, change.sequence());
                }
            }
        }
        return List.copyOf(byGuid.values());
    }

    /** Records whose newest change is a tombstone, as last seen alive, in the order of their tombstones. */
    private <T extends CkRecord> List<T> tombstoned(String zone, Class<T> type) {
        Map<String, CkRecord> lastAlive = new HashMap<>();
        Set<String> dead = new LinkedHashSet<>();
        for (Change change : snapshot.history(zone)) {
            if (change.deleted()) {
                dead.remove(change.recordName());
                if (lastAlive.containsKey(change.recordName())) {
                    dead.add(change.recordName());
                }
            } else {
                lastAlive.put(change.recordName(), change.record());
                dead.remove(change.recordName());
            }
        }
        return dead.stream()
                .map(lastAlive::get)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static String upper(String guid) {
        return guid.toUpperCase(Locale.ROOT);
    }
}
