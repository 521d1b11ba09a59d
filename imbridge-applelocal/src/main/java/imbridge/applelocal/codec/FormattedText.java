package imbridge.applelocal.codec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Matrix {@code formatted_body} HTML for one text bubble of a body: bold, italic, underline and strikethrough as
 * {@code <b> <i> <u> <del>}, links and mentions as anchors, newlines as {@code <br>}. Links only become anchors for
 * schemes a Matrix client can open safely (http, https, mailto, tel); anything else stays text.
 */
public final class FormattedText {
    private static final List<String> LINK_SCHEMES = List.of("http:", "https:", "mailto:", "tel:");

    private FormattedText() {}

    /**
     * @param mentionHref the pill target of a mentioned handle (e.g. {@code https://matrix.to/#/@ghost:server}); null
     *                    leaves that mention as plain text
     * @return empty when the bubble carries no formatting that HTML can show (every range plain or animated, or only
     *         unlinkable links and unresolved mentions)
     */
    public static Optional<String> html(
            AttributedBody body, BodyComponent.Text text, Function<String, String> mentionHref) {
        StringBuilder html = new StringBuilder();
        boolean formatted = false;
        String all = body.text();
        for (BodyComponent.Range range : text.ranges()) {
            int start = Math.clamp(range.start(), 0, all.length());
            int end = Math.clamp(range.end(), start, all.length());
            String href = href(range.effects(), mentionHref);
            List<String> tags = tags(range.effects());
            formatted |= href != null || !tags.isEmpty();
            if (href != null) {
                html.append("<a href=\"").append(escape(href)).append("\">");
            }
            tags.forEach(tag -> html.append('<').append(tag).append('>'));
            html.append(escapeWithBreaks(all.substring(start, end)));
            tags.reversed().forEach(tag -> html.append("</").append(tag).append('>'));
            if (href != null) {
                html.append("</a>");
            }
        }
        return formatted ? Optional.of(html.toString()) : Optional.empty();
    }

    /** The anchor target of a range: a resolvable mention first, else a link with an allowed scheme. */
    private static String href(List<TextEffect> effects, Function<String, String> mentionHref) {
        for (TextEffect effect : effects) {
            if (effect instanceof TextEffect.Mention mention) {
                String href = mentionHref.apply(mention.handle());
                if (href != null) {
                    return href;
                }
            }
        }
        for (TextEffect effect : effects) {
            if (effect instanceof TextEffect.Link link && isLinkable(link.url())) {
                return link.url().strip();
            }
        }
        return null;
    }

    private static List<String> tags(List<TextEffect> effects) {
        return effects.stream()
                .map(effect -> switch (effect) {
                    case TextEffect.Bold b -> "b";
                    case TextEffect.Italic i -> "i";
                    case TextEffect.Underline u -> "u";
                    case TextEffect.Strikethrough s -> "del";
                    default -> null;
                })
                .filter(tag -> tag != null)
                .distinct()
                .toList();
    }

    static boolean isLinkable(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return LINK_SCHEMES.stream().anyMatch(lower::startsWith);
    }

    private static String escapeWithBreaks(String text) {
        return escape(text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n'))
                .replace("\n", "<br>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
