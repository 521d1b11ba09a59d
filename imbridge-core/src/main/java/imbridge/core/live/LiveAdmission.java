package imbridge.core.live;

import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.port.CloudStore;
import java.util.List;
import java.util.Optional;

/**
 * Writes an admitted live message into the message cache, where the portal's forward backfill picks it
 * up in {@code (timestamp, guid)} order, after the history it already holds. The cache row is shared with
 * CloudKit: its copy of the same message (lower-case GUID, same normalised key) later updates the row
 * instead of adding a second one, and a row CloudKit already delivered is left as it is.
 */
public final class LiveAdmission {
    private final CloudStore cloud;

    public LiveAdmission(CloudStore cloud) {
        this.cloud = cloud;
    }

    public void admit(LiveEvent event, String portalId) {
        if (!event.attachments().isEmpty()) {
            cloud.ingestAttachmentPage(event.attachments(), List.of(), List.of(), null);
        }
        Optional<MessageRow> known = cloud.messageByGuid(event.guid());
        if (known.isPresent()) {
            return; // CloudKit's copy (or an earlier delivery) is authoritative; deletes stay sticky
        }
        cloud.ingestMessagePage(List.of(rowOf(event, portalId)), List.of(), List.of(), null);
    }

    /** An edit of a message not bridged yet: the row takes the new body, so it is sent with its final text. */
    public void applyEdit(MessageRow target, String newText, long editedAtMs) {
        MessageExtras x = target.extras();
        MessageExtras edited = new MessageExtras(
                x.tapbackType(),
                x.tapbackTargetGuid(),
                x.tapbackEmoji(),
                x.replyToGuid(),
                x.unsent(),
                editedAtMs,
                x.dateReadMs(),
                x.msgType());
        cloud.ingestMessagePage(List.of(copy(target, newText, edited)), List.of(), List.of(), null);
    }

    /** An unsent message keeps its row (its UUID stays known) but has nothing left to show. */
    public void applyUnsend(MessageRow target) {
        MessageExtras x = target.extras();
        MessageExtras unsent = new MessageExtras(
                x.tapbackType(),
                x.tapbackTargetGuid(),
                x.tapbackEmoji(),
                x.replyToGuid(),
                true,
                x.editedAtMs(),
                x.dateReadMs(),
                x.msgType());
        cloud.ingestMessagePage(List.of(copy(target, target.text(), unsent)), List.of(), List.of(), null);
    }

    static MessageRow rowOf(LiveEvent e, String portalId) {
        return new MessageRow(
                e.guid(),
                "",
                e.chatId(),
                portalId,
                e.timestampMs(),
                e.sender(),
                e.fromMe(),
                e.text(),
                e.subject(),
                e.service(),
                e.attachments(),
                true,
                false,
                null,
                e.extras());
    }

    private static MessageRow copy(MessageRow r, String text, MessageExtras extras) {
        return new MessageRow(
                r.guid(),
                r.recordName(),
                r.chatId(),
                r.portalId(),
                r.timestampMs(),
                r.sender(),
                r.fromMe(),
                text,
                r.subject(),
                r.service(),
                r.attachments(),
                r.hasBody(),
                r.deleted(),
                r.attachmentGuids(),
                extras);
    }
}
