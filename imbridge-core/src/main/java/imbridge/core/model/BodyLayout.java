package imbridge.core.model;

import java.util.List;

/**
 * A message body as a local Apple source knows it: its bubbles in body order, each with Apple's part index
 * ({@code __kIMMessagePartAttributeName}), so a tapback on {@code p:N/GUID} or a reply to part N lands on exactly
 * that bubble. The CloudKit path has no layout (null): its parts are the text, then the attachments.
 *
 * <p>Attachment bubbles name their attachment by its index in the message's attachment list (the same index the
 * part ID {@code att<i>} uses), so the part IDs of every path stay {@code text}/{@code att<i>}; a text bubble is
 * the message's {@code text} part (a body with several text bubbles joins them, in order, into that one part).
 */
public record BodyLayout(List<Bubble> bubbles) {

    public BodyLayout {
        bubbles = List.copyOf(bubbles);
    }

    /**
     * One bubble.
     *
     * @param appleIndex      Apple's part index, or -1 when the body carries none
     * @param attachmentIndex for an attachment bubble its index in the attachment list; -1 for text
     * @param text            for a text bubble its plain text; null for attachments
     * @param html            for a text bubble with formatting (bold, italic, underline, strikethrough, links,
     *                        mentions) its Matrix {@code formatted_body}; null when plain
     */
    public record Bubble(int appleIndex, int attachmentIndex, String text, String html) {
        public boolean holdsText() {
            return attachmentIndex < 0;
        }
    }

    /**
     * The part ID that Apple's part index {@code appleIndex} stands for: {@code att<i>} for an attachment bubble,
     * {@code text} for a text bubble; null when no bubble has that index (an unknown index, or a layout without
     * indices).
     */
    public String partFor(int appleIndex) {
        for (Bubble b : bubbles) {
            if (b.appleIndex() == appleIndex) {
                return b.holdsText() ? PartKey.TEXT : "att" + b.attachmentIndex();
            }
        }
        return null;
    }

    /** The formatted body of the text part (text bubbles joined by newlines), or null when all of it is plain. */
    public String textHtml() {
        List<Bubble> texts = bubbles.stream().filter(Bubble::holdsText).toList();
        if (texts.stream().allMatch(b -> b.html() == null)) {
            return null;
        }
        StringBuilder html = new StringBuilder();
        for (Bubble b : texts) {
            if (!html.isEmpty()) {
                html.append("<br>");
            }
            html.append(b.html() != null ? b.html() : escape(b.text()));
        }
        return html.toString();
    }

    /** HTML-escapes plain text for a {@code formatted_body} (newlines become {@code <br>}). */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("<br>");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
