package imbridge.core.backfill;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.PartKey;

/** One Matrix event to produce: text ({@code attachment == null}) or an attachment. */
public record PlannedPart(PartKey key, String guid, String portalId, long timestampMs, String senderHandle,
                         String text, CloudAttachment attachment) {

    public boolean isText() {
        return attachment == null;
    }
}
