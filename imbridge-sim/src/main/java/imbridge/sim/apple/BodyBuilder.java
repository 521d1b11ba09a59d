package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.Formatting;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AttributedText.Attribute;
import imbridge.sim.apple.AttributedText.NsNumber;
import imbridge.sim.apple.AttributedText.NsUrl;
import imbridge.sim.apple.AttributedText.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * The attributedBody content of a message row (contract "Body"): the text as part 0 when there is text, then one
 * U+FFFC per attachment as the following parts (transfer GUID and file name on each), every run carrying its part
 * index; a formatted text adds a link, bold or mention run inside part 0.
 */
final class BodyBuilder {

    static final char OBJECT_REPLACEMENT = '\uFFFC';

    private BodyBuilder() {}

    static AttributedText body(MessageRow row, List<AttachmentRow> attachments) {
        StringBuilder plain = new StringBuilder();
        List<Run> runs = new ArrayList<>();
        int part = 0;
        if (row.hasText()) {
            plain.append(row.bodyText());
            runs.addAll(textRuns(row.bodyText(), row.formatting(), row.mention()));
            part++;
        }
        for (AttachmentRow attachment : attachments) {
            plain.append(OBJECT_REPLACEMENT);
            List<Attribute> attributes = new ArrayList<>();
            attributes.add(new Attribute(
                    AttrKey.FILE_TRANSFER_GUID, attachment.record().guid()));
            if (attachment.record().filename() != null) {
                attributes.add(
                        new Attribute(AttrKey.FILENAME, attachment.record().filename()));
            }
            attributes.add(partAttribute(part++));
            runs.add(new Run(1, attributes));
        }
        return new AttributedText(plain.toString(), runs, true);
    }

    /** The plain string of the body ({@code text} column of an older-style row). */
    static String plainText(MessageRow row, int attachmentCount) {
        String text = row.hasText() ? row.bodyText() : "";
        return text + String.valueOf(OBJECT_REPLACEMENT).repeat(attachmentCount);
    }

    /** One version of an edited text part, shaped like Apple's edit-history entries. */
    static AttributedText editVersion(String text) {
        if (text.isEmpty()) {
            return new AttributedText("", List.of(), false);
        }
        return new AttributedText(
                text,
                List.of(new Run(
                        text.length(),
                        List.of(
                                new Attribute(AttrKey.BASE_WRITING_DIRECTION, new NsNumber('q', -1)),
                                new Attribute(AttrKey.PART, new NsNumber('q', 0))))),
                false);
    }

    private static List<Run> textRuns(String text, Formatting formatting, String mention) {
        int[] span = switch (formatting) {
            case NONE -> null;
            case LINK -> urlSpan(text);
            case BOLD, MENTION -> firstWord(text);
        };
        if (span == null) {
            return List.of(new Run(text.length(), List.of(partAttribute(0))));
        }
        List<Run> runs = new ArrayList<>();
        if (span[0] > 0) {
            runs.add(new Run(span[0], List.of(partAttribute(0))));
        }
        String covered = text.substring(span[0], span[1]);
        Attribute effect = switch (formatting) {
            case LINK -> new Attribute(AttrKey.LINK, new NsUrl(covered));
            case BOLD -> new Attribute(AttrKey.BOLD, NsNumber.ofInt(1));
            case MENTION -> new Attribute(AttrKey.MENTION, mention);
            case NONE -> throw new IllegalStateException("no span without formatting");
        };
        runs.add(new Run(span[1] - span[0], List.of(effect, partAttribute(0))));
        if (span[1] < text.length()) {
            runs.add(new Run(text.length() - span[1], List.of(partAttribute(0))));
        }
        return runs;
    }

    /** [start, end) of the first {@code https://} URL (up to the next whitespace), or null. */
    private static int[] urlSpan(String text) {
        int start = text.indexOf("https://");
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return new int[] {start, end};
    }

    /** [start, end) of the first run of non-whitespace characters, or null. */
    private static int[] firstWord(String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length()) {
            return null;
        }
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return new int[] {start, end};
    }

    private static Attribute partAttribute(int part) {
        return new Attribute(AttrKey.PART, NsNumber.ofInt(part));
    }
}
