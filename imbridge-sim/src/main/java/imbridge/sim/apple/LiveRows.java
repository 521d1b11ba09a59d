package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.FileState;
import imbridge.sim.apple.AppleExportPlan.Formatting;
import imbridge.sim.apple.AppleExportPlan.Links;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One message that arrives while the database is live: a new record in an existing conversation (the chat id,
 * service and sender of an existing plain message there) and the rows it takes, shaped as a later snapshot's
 * planner would shape them (recent style: nanosecond date, body only in attributedBody; the SMS half of a split DM
 * when the routing rule says so).
 */
final class LiveRows {

    /** The records appended to the dataset and the rows written for them. */
    record LiveMessage(
            MessageRecord message, AttachmentRecord attachment, MessageRow row, AttachmentRow attachmentRow) {
        List<AttachmentRow> attachmentRows() {
            return attachmentRow == null ? List.of() : List.of(attachmentRow);
        }
    }

    private static final String[] TEXTS = {
        "Just landed ✈️",
        "ok!",
        "On my way",
        "Can you send the photo?",
        "Haha yes",
        "Dinner at 8?",
        "Happy birthday 🎉",
        "Talk later",
        "👍",
        "Where are you?"
    };
    private static final int MIN_FILE_BYTES = 512;
    private static final int MAX_FILE_BYTES = 4_096;

    private LiveRows() {}

    /** The {@code index}-th live message, or empty when the account has no plain message to follow. */
    static Optional<LiveMessage> next(AppleExportPlan plan, int index, long timeNs, boolean withAttachment) {
        long seed = plan.choiceSeed();
        String key = "live#" + index;
        List<MessageRow> models = plan.messages().stream()
                .filter(m -> m.kind() == MessageKind.DATASET && m.placement() == Placement.CHAT)
                .filter(m -> m.system() == null
                        && m.links() == Links.NONE
                        && !m.record().meta().unsent())
                .filter(m -> !plan.chat(m.chatRowid()).key().startsWith("S:"))
                .filter(m -> !plan.chat(m.chatRowid()).shape().filtered())
                .toList();
        if (models.isEmpty()) {
            return Optional.empty();
        }
        MessageRow model = models.get(Choices.below(seed, "live-model", key, models.size()));
        String guid = Choices.guid(seed, "live-guid", key);
        ChatRow modelChat = plan.chat(model.chatRowid());
        String routed = ChatResolver.route(seed, plan.splitHandles(), modelChat.key(), guid);
        ChatRow chat = routed.equals(modelChat.key())
                ? modelChat
                : plan.chats().stream()
                        .filter(c -> c.key().equals(routed))
                        .findFirst()
                        .orElse(modelChat);
        boolean fromMe = model.record().fromMe() || Choices.percent(seed, "live-from-me", key, 40);
        String sender =
                fromMe ? Dataset.OWNER_HANDLES.getFirst() : model.record().sender();
        long flags = fromMe ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT | MessageRecord.FLAG_READ : 0;
        long handle = fromMe
                ? (chat.isGroup() || chat.handleRowids().isEmpty()
                        ? 0
                        : chat.handleRowids().getFirst())
                : chat == modelChat ? model.handleRowid() : chat.handleRowids().getFirst();
        String text = TEXTS[Choices.below(seed, "live-text", key, TEXTS.length)];

        AttachmentRecord attachment = null;
        AttachmentRow attachmentRow = null;
        if (withAttachment) {
            String recordName = Long.toHexString(Choices.hash(seed, "live-attachment", key))
                    + Long.toHexString(Choices.hash(seed, "live-attachment-2", key));
            String transferGuid = "at_0_" + Choices.guid(seed, "live-transfer", key);
            int size = MIN_FILE_BYTES + Choices.below(seed, "live-size", key, MAX_FILE_BYTES - MIN_FILE_BYTES);
            String filename = String.format(Locale.ROOT, "IMG_%04d.jpeg", 9000 + index % 1000);
            attachment = AttachmentRecord.generated(
                    plan.seed(), recordName, transferGuid, "image/jpeg", "public.jpeg", filename, size);
            attachmentRow = new AttachmentRow(
                    plan.maxAttachmentRowid() + 1,
                    attachment,
                    plan.layout().attachmentPath(transferGuid, filename),
                    FileState.ON_DISK,
                    AttachmentPlanner.mimeColumn(seed, attachment),
                    fromMe,
                    timeNs);
        }
        MessageRecord message = new MessageRecord(
                Long.toHexString(Choices.hash(seed, "live-record", key))
                        + Long.toHexString(Choices.hash(seed, "live-record-2", key)),
                guid.toLowerCase(Locale.ROOT),
                model.record().chatId(),
                sender,
                timeNs,
                flags,
                text,
                null,
                attachment == null ? List.of() : List.of(attachment.guid()),
                model.record().service(),
                0,
                MessageMeta.NONE);
        Formatting formatting = MessageRows.formatting(seed, message, guid, text, chat);
        MessageRow row = new MessageRow(
                plan.maxMessageRowid() + 1,
                guid,
                MessageKind.DATASET,
                message,
                chat.rowid(),
                Placement.CHAT,
                handle,
                chat.key().startsWith("S:") ? "SMS" : message.service(),
                false,
                false,
                text,
                attachmentRow == null ? List.of() : List.of(attachmentRow.rowid()),
                formatting,
                MessageRows.mentionOf(formatting, chat),
                Links.NONE,
                null);
        return Optional.of(new LiveMessage(message, attachment, row, attachmentRow));
    }
}
