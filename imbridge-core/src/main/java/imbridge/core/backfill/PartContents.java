package imbridge.core.backfill;

import imbridge.core.attachment.AttachmentOutcome;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.port.AssetUnavailableException;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a planned part becomes in the room: its text, or its attachment awaited in its place (the uploaded file, or a
 * visible notice standing in for one abandoned after its retries), with the event it replies to. Per running portal
 * it measures how long its sender waited for attachments: what the look-ahead did not hide.
 */
final class PartContents {
    private static final Logger log = LoggerFactory.getLogger(PartContents.class);
    /** A wait longer than this is logged (at DEBUG): a download the look-ahead did not hide. */
    private static final long SLOW_WAIT_NANOS = 50_000_000L;

    private final AttachmentPipeline attachments;
    private final EventLookup events;
    private final Ticker ticker;
    private final Map<String, AtomicLong> attachmentWaits = new ConcurrentHashMap<>();

    PartContents(AttachmentPipeline attachments, EventLookup events, Ticker ticker) {
        this.attachments = attachments;
        this.events = events;
        this.ticker = ticker;
    }

    OutgoingPart outgoing(PlannedPart part, Map<PartKey, String> sentInChunk)
            throws CancelledException, InterruptedException {
        String replyTo = replyEventId(part, sentInChunk);
        if (part.isText()) {
            return new OutgoingPart.Text(part.key(), part.guid(), part.portalId(), part.text(), replyTo, part.html());
        }
        CloudAttachment a = part.attachment();
        long waitStart = ticker.nanos();
        AttachmentOutcome outcome = attachments.await(part.portalId(), a);
        long waited = ticker.nanos() - waitStart;
        attachmentWaits.computeIfAbsent(part.portalId(), k -> new AtomicLong()).addAndGet(waited);
        if (waited > SLOW_WAIT_NANOS && log.isDebugEnabled()) {
            log.debug(
                    "sender of portal={} waited {} ms for attachment record={}",
                    part.portalId(),
                    waited / 1_000_000,
                    a.recordName());
        }
        return attachmentPart(part, outcome, replyTo);
    }

    /** Milliseconds the portal's sender has waited for attachments in this run. */
    long attachmentWaitMs(String portalId) {
        AtomicLong waited = attachmentWaits.get(portalId);
        return waited == null ? 0 : waited.get() / 1_000_000;
    }

    void portalEnded(String portalId) {
        attachmentWaits.remove(portalId);
        attachments.warnAbandoned(portalId);
    }

    /**
     * The event of the message a reply answers: sent earlier in this chunk (maybe not committed yet), else in the
     * message map. Null when the target was never bridged: the reply then goes as plain text.
     */
    private String replyEventId(PlannedPart part, Map<PartKey, String> sentInChunk) {
        String eventId = events.sentEventOf(part.portalId(), part.replyTargetKeys(), sentInChunk);
        if (eventId != null || part.replyTargetKeys().isEmpty()) {
            return eventId;
        }
        return events.onceInserted(part.portalId(), part.replyToGuid(), part.replyTargetKeys());
    }

    /** An attachment's event: the uploaded file, or the visible notice standing in for an abandoned one. */
    static OutgoingPart attachmentPart(PlannedPart part, AttachmentOutcome outcome, String replyTo) {
        CloudAttachment a = part.attachment();
        return switch (outcome) {
            case AttachmentOutcome.Ready ready ->
                ready.content().toPart(part.key(), part.guid(), part.portalId(), a, replyTo);
            case AttachmentOutcome.Abandoned abandoned ->
                new OutgoingPart.Notice(part.key(), part.guid(), part.portalId(), noticeText(a, abandoned), replyTo);
        };
    }

    /** The visible stand-in for an abandoned attachment (its part key stays accounted for). */
    static String noticeText(CloudAttachment a, AttachmentOutcome.Abandoned abandoned) {
        String name = a.filename() == null || a.filename().isBlank() ? "attachment" : a.filename();
        String error = abandoned.lastError() == null ? "" : abandoned.lastError();
        if (error.startsWith(AssetUnavailableException.NOT_ON_DISK)) {
            return "⚠️ The attachment \"" + name + "\" is not in the imported history: its file was never "
                    + "downloaded to this device (" + error + ").";
        }
        return "⚠️ The attachment \"" + name + "\" could not be downloaded from iCloud after " + abandoned.attempts()
                + " attempts (" + abandoned.lastError() + ").";
    }
}
