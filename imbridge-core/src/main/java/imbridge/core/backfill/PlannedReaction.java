package imbridge.core.backfill;

import imbridge.core.model.PartKey;
import java.util.List;

/**
 * A tapback record as the reaction it adds or removes (behaviour.md §5.3 pass 2). An add becomes one {@code m.reaction}
 * event with part key {@code (tapback GUID, "reaction")}; a remove takes away the reaction its sender put on the
 * same target with the same emoji, and produces no event of its own.
 *
 * @param targetGuid the message the tapback is about (what follows '/' in its associated GUID)
 * @param emoji      the reaction key (see {@link TapbackEmoji})
 */
public record PlannedReaction(
        PartKey key,
        String guid,
        String portalId,
        long timestampMs,
        String senderHandle,
        String targetGuid,
        String emoji,
        boolean remove,
        String targetPart) {

    /** A reaction of the CloudKit shape, aimed at the target's first part. */
    public PlannedReaction(
            PartKey key,
            String guid,
            String portalId,
            long timestampMs,
            String senderHandle,
            String targetGuid,
            String emoji,
            boolean remove) {
        this(key, guid, portalId, timestampMs, senderHandle, targetGuid, emoji, remove, null);
    }

    /**
     * The part keys the reaction annotates, in preference order: the exact part when the source knew Apple's part
     * index ({@code targetPart}), then the target's text part, else its first attachment (a message's first part
     * is one of the two), as for replies.
     */
    public List<PartKey> targetKeys() {
        if (targetPart != null) {
            return List.of(
                    new PartKey(targetGuid, targetPart), PartKey.text(targetGuid), PartKey.attachment(targetGuid, 0));
        }
        return List.of(PartKey.text(targetGuid), PartKey.attachment(targetGuid, 0));
    }
}
