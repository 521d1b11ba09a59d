package imbridge.sim.apple;

import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.DatasetSummary;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every decision of one Apple export snapshot, made once by {@link ExportPlanner}: which rows exist with which
 * ROWIDs, in which unit each date is written, which messages sit in Recently Deleted, which attachment files are
 * missing, which tombstones exist. {@link ChatDbWriter} renders it to SQLite and {@link LocalTruth} derives the
 * expected bridge output from it, so writer and truth can never disagree on a choice.
 * <p>
 * Over 400 lines because it is the single record of every choice of a snapshot; splitting it would let writer and
 * truth read different halves.
 */
public final class AppleExportPlan {

    public record HandleRow(long rowid, String id, String service) {}

    /**
     * A chat row as the planner shapes it, also kept for chats that are tombstoned (the truth resolves them).
     *
     * @param key            the planner's identity of the conversation ({@code G:<gid>}, {@code D:<handle>},
     *                       {@code S:<handle>} for the SMS half of a split DM, {@code C:<cid>})
     * @param recordName     the chat record behind it ({@code cloudkit_record_id}), null for a chat the simulator
     *                       added for messages that have none
     * @param participantIds handle ids of {@code chat_handle_join}, in order
     * @param handleService  the service of its participants' handle rows
     */
    public record ChatShape(
            String key,
            String guid,
            int style,
            String chatIdentifier,
            String serviceName,
            String roomName,
            String displayName,
            String groupId,
            boolean filtered,
            String recordName,
            List<String> participantIds,
            String handleService) {
        public ChatShape {
            participantIds = List.copyOf(participantIds);
        }

        public boolean isGroup() {
            return style == STYLE_GROUP;
        }
    }

    public static final int STYLE_GROUP = 43;
    public static final int STYLE_DM = 45;

    /** A {@code chat} row: its shape and the handle rows of its participants ({@code chat_handle_join}). */
    public record ChatRow(long rowid, ChatShape shape, List<Long> handleRowids) {
        public ChatRow {
            Objects.requireNonNull(shape, "shape");
            handleRowids = List.copyOf(handleRowids);
        }

        public String guid() {
            return shape.guid();
        }

        public String key() {
            return shape.key();
        }

        public boolean isGroup() {
            return shape.isGroup();
        }
    }

    /** Where a message row is joined. */
    public enum Placement {
        /** {@code chat_message_join}: an ordinary visible message. */
        CHAT,
        /** {@code chat_recoverable_message_join} only: in "Recently Deleted", never bridged. */
        RECENTLY_DELETED,
        /** No join row at all: an orphan, never bridged. */
        ORPHANED
    }

    /** Why a row exists. */
    public enum MessageKind {
        /** A message record of the dataset. */
        DATASET,
        /** An extra message with no join row. */
        ORPHAN,
        /** A row whose attributedBody is garbage (text NULL, no attachments): rejected BODY_UNDECODABLE. */
        BAD_BODY,
        /** A row whose date is beyond 2100 or before 2001: rejected BAD_DATE. */
        BAD_DATE
    }

    /** A formatting run on the text part (it changes formatted_body only, never the plain text). */
    public enum Formatting {
        NONE,
        LINK,
        BOLD,
        MENTION
    }

    /**
     * @param associatedGuid       {@code associated_message_guid} ({@code p:<part>/<GUID>}) of a tapback
     * @param threadOriginatorGuid {@code thread_originator_guid} of a reply (upper case)
     * @param threadOriginatorPart {@code thread_originator_part} of a reply ({@code <part>:0:<length>})
     */
    public record Links(String associatedGuid, String threadOriginatorGuid, String threadOriginatorPart) {
        public static final Links NONE = new Links(null, null, null);
    }

    /** A group event row ({@code item_type} 1–3): no body. */
    public record SystemEvent(int itemType, int groupActionType, long otherHandleRowid, String groupTitle) {}

    /**
     * One {@code message} row.
     *
     * @param record      the record it renders (for the synthetic kinds an invented one, never in the dataset)
     * @param chatRowid   the chat of its join row (0 for an orphan)
     * @param handleRowid {@code handle_id}
     * @param secondsDate the row's dates are whole seconds (an old database row), else nanoseconds
     * @param textColumn  older style: the plain body is also in {@code text}; else only in attributedBody
     * @param bodyText    the text part (no U+FFFC), null when the message has none
     * @param mention     for {@link Formatting#MENTION}: the mentioned handle id
     * @param system      null unless a group event row
     */
    public record MessageRow(
            long rowid,
            String guid,
            MessageKind kind,
            MessageRecord record,
            long chatRowid,
            Placement placement,
            long handleRowid,
            String service,
            boolean secondsDate,
            boolean textColumn,
            String bodyText,
            List<Long> attachmentRowids,
            Formatting formatting,
            String mention,
            Links links,
            SystemEvent system) {
        public MessageRow {
            Objects.requireNonNull(record, "record");
            attachmentRowids = List.copyOf(attachmentRowids);
        }

        public boolean hasText() {
            return bodyText != null && !bodyText.isEmpty();
        }
    }

    /** Why an attachment's file is or is not on disk. */
    public enum FileState {
        ON_DISK,
        /** The path is set but no file is there (never downloaded from iCloud). */
        MISSING,
        /** {@code filename} is NULL. */
        NO_FILENAME
    }

    /**
     * @param path       {@code attachment.filename} ({@code ~/Library/...}), null for {@link FileState#NO_FILENAME}
     * @param mimeColumn {@code mime_type}: the record's MIME type, or null where only {@code uti} says it
     */
    public record AttachmentRow(
            long rowid,
            AttachmentRecord record,
            String path,
            FileState state,
            String mimeColumn,
            boolean outgoing,
            long createdNs) {
        public boolean onDisk() {
            return state == FileState.ON_DISK;
        }
    }

    /** A {@code sync_deleted_messages}/{@code deleted_messages} or {@code sync_deleted_attachments} row. */
    public record Tombstone(long rowid, String guid, String recordName) {}

    /** A {@code sync_deleted_chats} row ({@code guid}, {@code recordID}), with the chat it deletes. */
    public record ChatTombstone(long rowid, ChatShape chat, long timestamp) {}

    /** One version of an edited text part, oldest first; the last is the current text. */
    public record EditVersion(String text, double appleSeconds) {}

    /**
     * The thresholds that decide a row's style from its time, fixed by the first snapshot.
     *
     * @param secondsBeforeNs    rows older than this are written in seconds (the oldest ~10 %)
     * @param olderStyleBeforeNs rows older than this also have {@code text} (the oldest half)
     */
    public record Eras(long secondsBeforeNs, long olderStyleBeforeNs) {}

    private final long seed;
    private final long choiceSeed;
    private final DatasetSummary summary;
    private final ExportLayout layout;
    private final Eras eras;
    private final long snapshotNs;
    private final List<HandleRow> handles;
    private final List<ChatRow> chats;
    private final List<MessageRow> messages;
    private final List<AttachmentRow> attachments;
    private final List<Tombstone> deletedMessages;
    private final List<Tombstone> deletedAttachments;
    private final List<ChatTombstone> deletedChats;
    private final Map<String, List<EditVersion>> editHistory;
    private final Set<String> splitHandles;
    private final Map<String, Integer> skipped;
    private final Map<Long, ChatRow> chatByRowid;
    private final Map<Long, HandleRow> handleByRowid;
    private final Map<Long, AttachmentRow> attachmentByRowid;

    AppleExportPlan(
            long seed,
            long choiceSeed,
            DatasetSummary summary,
            ExportLayout layout,
            Eras eras,
            long snapshotNs,
            List<HandleRow> handles,
            List<ChatRow> chats,
            List<MessageRow> messages,
            List<AttachmentRow> attachments,
            List<Tombstone> deletedMessages,
            List<Tombstone> deletedAttachments,
            List<ChatTombstone> deletedChats,
            Map<String, List<EditVersion>> editHistory,
            Set<String> splitHandles,
            Map<String, Integer> skipped) {
        this.seed = seed;
        this.choiceSeed = choiceSeed;
        this.summary = summary;
        this.layout = layout;
        this.eras = eras;
        this.snapshotNs = snapshotNs;
        this.handles = List.copyOf(handles);
        this.chats = List.copyOf(chats);
        this.messages = List.copyOf(messages);
        this.attachments = List.copyOf(attachments);
        this.deletedMessages = List.copyOf(deletedMessages);
        this.deletedAttachments = List.copyOf(deletedAttachments);
        this.deletedChats = List.copyOf(deletedChats);
        this.editHistory = Map.copyOf(editHistory);
        this.splitHandles = Set.copyOf(splitHandles);
        this.skipped = Map.copyOf(skipped);
        this.chatByRowid = index(this.chats, ChatRow::rowid);
        this.handleByRowid = index(this.handles, HandleRow::rowid);
        this.attachmentByRowid = index(this.attachments, AttachmentRow::rowid);
    }

    private static <T> Map<Long, T> index(List<T> rows, Function<T, Long> rowid) {
        Map<Long, T> byRowid = new HashMap<>(rows.size() * 2);
        rows.forEach(row -> byRowid.put(rowid.apply(row), row));
        return byRowid;
    }

    /** The same plan with more message rows (and their attachments) appended, e.g. by the live appender. */
    AppleExportPlan plus(List<MessageRow> moreMessages, List<AttachmentRow> moreAttachments) {
        List<MessageRow> allMessages = new ArrayList<>(messages);
        allMessages.addAll(moreMessages);
        List<AttachmentRow> allAttachments = new ArrayList<>(attachments);
        allAttachments.addAll(moreAttachments);
        return new AppleExportPlan(
                seed,
                choiceSeed,
                summary,
                layout,
                eras,
                snapshotNs,
                handles,
                chats,
                allMessages,
                allAttachments,
                deletedMessages,
                deletedAttachments,
                deletedChats,
                editHistory,
                splitHandles,
                skipped);
    }

    /** The dataset's seed: it regenerates the attachment bytes and is the truth's {@code seed}. */
    public long seed() {
        return seed;
    }

    /** The seed of the export's own choices (by default the dataset's). */
    public long choiceSeed() {
        return choiceSeed;
    }

    public DatasetSummary summary() {
        return summary;
    }

    public ExportLayout layout() {
        return layout;
    }

    public Eras eras() {
        return eras;
    }

    /** Apple-epoch nanoseconds "now" for this snapshot: after every message and edit it holds. */
    public long snapshotNs() {
        return snapshotNs;
    }

    public List<HandleRow> handles() {
        return handles;
    }

    public List<ChatRow> chats() {
        return chats;
    }

    /** Every message row in ROWID order. */
    public List<MessageRow> messages() {
        return messages;
    }

    public List<AttachmentRow> attachments() {
        return attachments;
    }

    public List<Tombstone> deletedMessages() {
        return deletedMessages;
    }

    public List<Tombstone> deletedAttachments() {
        return deletedAttachments;
    }

    public List<ChatTombstone> deletedChats() {
        return deletedChats;
    }

    /** Edited messages (upper-case GUID) to their text versions, oldest first. */
    public Map<String, List<EditVersion>> editHistory() {
        return editHistory;
    }

    /** Dataset records the export left out, by reason code (each was logged at INFO). */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    /** Handle ids whose DM is split into an iMessage and an SMS chat. */
    public Set<String> splitHandles() {
        return splitHandles;
    }

    public ChatRow chat(long rowid) {
        return Objects.requireNonNull(chatByRowid.get(rowid), () -> "no chat row " + rowid);
    }

    public HandleRow handle(long rowid) {
        return Objects.requireNonNull(handleByRowid.get(rowid), () -> "no handle row " + rowid);
    }

    public AttachmentRow attachment(long rowid) {
        return Objects.requireNonNull(attachmentByRowid.get(rowid), () -> "no attachment row " + rowid);
    }

    public Optional<MessageRow> message(String guid) {
        String upper = guid.toUpperCase(Locale.ROOT);
        return messages.stream().filter(m -> m.guid().equals(upper)).findFirst();
    }

    /** The attachments whose file is not on disk (missing file or NULL filename): the truth's NOT_ON_DISK parts. */
    public List<AttachmentRow> notOnDisk() {
        return attachments.stream().filter(a -> !a.onDisk()).toList();
    }

    public long maxMessageRowid() {
        return messages.stream().mapToLong(MessageRow::rowid).max().orElse(0);
    }

    public long maxAttachmentRowid() {
        return attachments.stream().mapToLong(AttachmentRow::rowid).max().orElse(0);
    }

    /** Upper-case GUIDs of the rows in Recently Deleted. */
    public Set<String> recentlyDeleted() {
        return messages.stream()
                .filter(m -> m.placement() == Placement.RECENTLY_DELETED)
                .map(MessageRow::guid)
                .collect(Collectors.toUnmodifiableSet());
    }
}
