package imbridge.core.backfill;

import imbridge.core.model.BodyLayout;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.portal.Handles;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a cached message into its parts (behaviour.md §5.3): the text part first when the trimmed body is
 * non-empty (a subject is bolded in front of it), then one part per attachment by index; a reply's first
 * part names the message it answers. An edited message already carries its final body, which is what
 * history shows, so edits need nothing more here. Live
 * and backfill paths share this, so a part has the same key wherever it comes from.
 */
public final class MessagePartPlanner {
    private final String ownerHandle;

    public MessagePartPlanner(String ownerHandle) {
        this.ownerHandle = Handles.normalize(ownerHandle);
    }

    /** The owner's normalised handle (the sender of my messages). */
    public String ownerHandle() {
        return ownerHandle;
    }

    public List<PlannedPart> plan(MessageRow row) {
        String sender = senderOf(row);
        if (sender.isEmpty() || showsNothing(row)) {
            return List.of();
        }
        List<PlannedPart> parts = new ArrayList<>(1 + row.attachments().size());
        String body = bodyOf(row);
        if (!body.isEmpty()) {
            parts.add(new PlannedPart(
                    PartKey.text(row.guid()),
                    row.guid(),
                    row.portalId(),
                    row.timestampMs(),
                    sender,
                    body,
                    null,
                    null,
                    htmlOf(row),
                    null));
        }
        List<CloudAttachment> attachments = row.attachments();
        for (int i = 0; i < attachments.size(); i++) {
            parts.add(new PlannedPart(
                    PartKey.attachment(row.guid(), i),
                    row.guid(),
                    row.portalId(),
                    row.timestampMs(),
                    sender,
                    null,
                    attachments.get(i)));
        }
        String replyTo = row.extras().replyToGuid();
        if (!parts.isEmpty() && replyTo != null && !replyTo.isBlank()) {
            // Only the first part quotes the target; the others are the same message's continuation.
            PlannedPart first = parts.getFirst();
            parts.set(
                    0,
                    new PlannedPart(
                            first.key(),
                            first.guid(),
                            first.portalId(),
                            first.timestampMs(),
                            first.senderHandle(),
                            first.text(),
                            first.attachment(),
                            replyTo.trim(),
                            first.html(),
                            row.extras().targetPart()));
        }
        return parts;
    }

    /**
     * How many parts {@link #plan} makes of {@code row} for an owner whose handle is known: what the store keeps per
     * message so the dashboard can show a portal's parts known without planning every message again.
     */
    public static int partCount(MessageRow row) {
        if ((!row.fromMe() && senderOfOther(row).isEmpty()) || showsNothing(row)) {
            return 0;
        }
        return (bodyOf(row).isEmpty() ? 0 : 1) + row.attachments().size();
    }

    /** Tapbacks become reactions, not messages; unsent messages have no content left to show. */
    private static boolean showsNothing(MessageRow row) {
        return row.extras().isTapback() || row.extras().unsent();
    }

    /**
     * A tapback record as the reaction it adds or removes; empty for any other row, a tapback type that is no
     * reaction, a tapback without a target, or one without a sender (behaviour.md §5.3 pass 2). Whether an add is
     * really
     * sent (its target bridged, not a repeat) is the sender's decision ({@link ReactionLedger}).
     */
    public java.util.Optional<PlannedReaction> planReaction(MessageRow row) {
        Integer type = row.extras().tapbackType();
        if (type == null || !TapbackEmoji.isReaction(type)) {
            return java.util.Optional.empty();
        }
        String sender = senderOf(row);
        String target = row.extras().tapbackTarget().trim();
        if (sender.isEmpty() || target.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PlannedReaction(
                PartKey.reaction(row.guid()),
                row.guid(),
                row.portalId(),
                row.timestampMs(),
                sender,
                target,
                TapbackEmoji.key(type, row.extras().tapbackEmoji()),
                TapbackEmoji.isRemove(type),
                row.extras().targetPart()));
    }

    private String senderOf(MessageRow row) {
        return row.fromMe() ? ownerHandle : senderOfOther(row);
    }

    private static String senderOfOther(MessageRow row) {
        String normalized = Handles.normalize(row.sender());
        return normalized.isEmpty() && row.sender() != null ? row.sender().trim() : normalized;
    }

    /**
     * The formatted body of the text part when the source knows its formatting (a local Apple source's layout),
     * with the subject bolded in front as {@link #bodyOf} does; null when the text is plain.
     */
    static String htmlOf(MessageRow row) {
        String html =
                row.extras().layout() == null ? null : row.extras().layout().textHtml();
        if (html == null) {
            return null;
        }
        String subject = trim(row.subject());
        return subject.isEmpty() ? html : "<b>" + BodyLayout.escape(subject) + "</b><br>" + html;
    }

    static String bodyOf(MessageRow row) {
        return compose(trim(row.subject()), trim(row.text()));
    }

    /**
     * The body a live edit gives the message's text event: the new text under the same rules as a message's own
     * body (trimmed, the subject kept), so an edited message reads as it would had it been sent with that text.
     */
    public static String editedBody(MessageRow row, String newText) {
        return compose(trim(row.subject()), trim(newText));
    }

    private static String compose(String subject, String text) {
        if (subject.isEmpty()) {
            return text;
        }
        return text.isEmpty() ? subject : "**" + subject + "**\n" + text;
    }

    /** Trims spaces, newlines and the object-replacement character U+FFFC at both ends. */
    static String trim(String s) {
        if (s == null) {
            return "";
        }
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmable(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmable(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isTrimmable(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFFFC';
    }
}
