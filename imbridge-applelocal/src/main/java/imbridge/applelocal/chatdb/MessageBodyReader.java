package imbridge.applelocal.chatdb;

import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.AttributedBody;
import imbridge.applelocal.codec.SummaryInfo;
import imbridge.applelocal.codec.TypedStreamDecoder;
import imbridge.core.model.BodyLayout;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The body of a message row, from its {@code text} column, {@code attributedBody} (typedstream) and
 * {@code message_summary_info} (edits and unsends), by the contract's rule: a fully unsent message has no text;
 * otherwise the {@code text} column when it holds text, else the decoded attributedBody, else the legacy byte scan
 * (logged as {@link LocalReasons#LEGACY_BODY}); placeholders removed, unsent parts left out. The decoded body also
 * gives the bubble layout and the attachments' body order whenever it decodes, even when the text column is used.
 */
final class MessageBodyReader {
    private final Function<String, String> mentionHref;
    private final SkipCounter counter;

    MessageBodyReader(Function<String, String> mentionHref, SkipCounter counter) {
        this.mentionHref = mentionHref;
        this.counter = counter;
    }

    MessageBody read(
            String guid,
            String textColumn,
            byte[] attributedBody,
            byte[] summaryBytes,
            List<String> joinedAttachments) {
        SummaryInfo summary = summary(guid, summaryBytes);
        Set<Integer> unsentParts = summary == null ? Set.of() : summary.unsentParts();
        String decodeProblem = null;
        AttributedBody body = null;
        if (attributedBody != null && attributedBody.length > 0) {
            try {
                body = TypedStreamDecoder.decode(attributedBody);
            } catch (AppleDecodeException | RuntimeException e) {
                decodeProblem = "attributedBody does not decode: " + e.getMessage();
            }
        }
        if (fullyUnsent(summary, body)) {
            return new MessageBody(null, true, joinedAttachments, new BodyLayout(List.of()), null);
        }
        BodyLayoutBuilder.Arranged arranged =
                body == null ? null : BodyLayoutBuilder.arrange(body, unsentParts, joinedAttachments, mentionHref);
        List<String> attachments = arranged == null ? joinedAttachments : arranged.attachmentGuids();
        BodyLayout layout = arranged == null ? null : arranged.layout();
        String column = Placeholders.visible(textColumn);
        if (column != null && (arranged == null || unsentParts.isEmpty())) {
            return visible(column, attachments, layout, null);
        }
        if (arranged != null) {
            return visible(arranged.text(), attachments, layout, "attributedBody holds no text");
        }
        if (decodeProblem == null) {
            return visible(
                    null,
                    attachments,
                    null,
                    textColumn != null
                            ? "the text column holds only placeholders and there is no attributedBody"
                            : "no text and no attributedBody");
        }
        Optional<String> legacy = LegacyBodyScanner.text(attributedBody);
        if (legacy.isEmpty()) {
            return visible(null, attachments, null, decodeProblem + "; the legacy scan found no text");
        }
        counter.record(LocalReasons.LEGACY_BODY, "message guid=" + guid, decodeProblem);
        return visible(
                Placeholders.visible(legacy.get()), attachments, null, "attributedBody holds no text (legacy scan)");
    }

    private static MessageBody visible(String text, List<String> attachments, BodyLayout layout, String ifNoText) {
        return new MessageBody(text, false, attachments, layout, text == null ? ifNoText : null);
    }

    private SummaryInfo summary(String guid, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return SummaryInfo.decode(bytes);
        } catch (AppleDecodeException | RuntimeException e) {
            counter.record(LocalReasons.SUMMARY_UNDECODABLE, "message guid=" + guid, e.getMessage());
            return null;
        }
    }

    /**
     * Every part unsent: all of the parts the message was sent with ({@code otr}) are retracted, or, when the summary
     * does not say how many there were, some part is retracted and nothing visible is left.
     */
    private static boolean fullyUnsent(SummaryInfo summary, AttributedBody body) {
        if (summary == null || summary.unsentParts().isEmpty()) {
            return false;
        }
        if (summary.originalPartCount() > 0) {
            for (int part = 0; part < summary.originalPartCount(); part++) {
                if (!summary.unsentParts().contains(part)) {
                    return false;
                }
            }
            return true;
        }
        return body == null || Placeholders.visible(body.text()) == null;
    }
}
