package imbridge.applelocal.chatdb;

import imbridge.applelocal.codec.AttributedBody;
import imbridge.applelocal.codec.BodyComponent;
import imbridge.core.model.BodyLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Lays a decoded body out as bubbles with Apple's part indices, and puts the message's attachments in body order.
 * An attachment bubble is matched to the message's attachments by its transfer GUID; bubbles without a usable GUID
 * take the unnamed attachments in join order; attachments the body does not show follow in join order (index -1).
 * Parts listed as unsent are left out, text and attachments alike.
 */
final class BodyLayoutBuilder {

    /**
     * @param text            the visible text of the body (text bubbles joined, placeholders removed), or null
     * @param attachmentGuids the message's attachments in body order
     * @param layout          the bubbles
     */
    record Arranged(String text, List<String> attachmentGuids, BodyLayout layout) {}

    private BodyLayoutBuilder() {}

    static Arranged arrange(
            AttributedBody body, Set<Integer> unsentParts, List<String> joined, Function<String, String> mentionHref) {
        List<BodyLayout.Bubble> bubbles = new ArrayList<>();
        List<String> ordered = new ArrayList<>();
        Set<String> hidden = new HashSet<>();
        Deque<String> unnamed = unnamedAttachments(body, joined);
        StringBuilder text = new StringBuilder();
        for (BodyComponent component : body.components()) {
            boolean unsent = unsentParts.contains(component.partIndex());
            switch (component) {
                case BodyComponent.Text t -> {
                    String segment = Placeholders.strip(slice(body.text(), t.start(), t.end()));
                    if (!unsent && !segment.isEmpty()) {
                        text.append(segment);
                        String html = imbridge.applelocal.codec.FormattedText.html(body, t, mentionHref)
                                .orElse(null);
                        bubbles.add(new BodyLayout.Bubble(t.partIndex(), -1, segment, html));
                    }
                }
                case BodyComponent.Attachment a -> {
                    String guid = match(a.guid(), joined);
                    if (guid == null) {
                        guid = unnamed.poll();
                    }
                    if (guid == null || ordered.contains(guid) || hidden.contains(guid)) {
                        continue;
                    }
                    if (unsent) {
                        hidden.add(guid);
                        continue;
                    }
                    ordered.add(guid);
                    bubbles.add(new BodyLayout.Bubble(a.partIndex(), ordered.size() - 1, null, null));
                }
            }
        }
        if (body.components().isEmpty()) {
            String whole = Placeholders.strip(body.text());
            if (!whole.isEmpty()) {
                text.append(whole);
                bubbles.add(new BodyLayout.Bubble(-1, -1, whole, null));
            }
        }
        for (String guid : joined) {
            if (!ordered.contains(guid) && !hidden.contains(guid)) {
                ordered.add(guid);
                bubbles.add(new BodyLayout.Bubble(-1, ordered.size() - 1, null, null));
            }
        }
        return new Arranged(text.isEmpty() ? null : text.toString(), ordered, new BodyLayout(bubbles));
    }

    /** Joined attachments that no attachment bubble names, in join order: the pool for bubbles without a GUID. */
    private static Deque<String> unnamedAttachments(AttributedBody body, List<String> joined) {
        Set<String> named = new HashSet<>();
        for (BodyComponent c : body.components()) {
            if (c instanceof BodyComponent.Attachment a) {
                String guid = match(a.guid(), joined);
                if (guid != null) {
                    named.add(guid);
                }
            }
        }
        Deque<String> pool = new ArrayDeque<>();
        for (String guid : joined) {
            if (!named.contains(guid)) {
                pool.add(guid);
            }
        }
        return pool;
    }

    /** The joined attachment GUID equal to {@code guid} (exactly, else ignoring case), or null. */
    private static String match(String guid, List<String> joined) {
        if (guid == null) {
            return null;
        }
        for (String candidate : joined) {
            if (candidate.equals(guid)) {
                return candidate;
            }
        }
        String upper = guid.toUpperCase(Locale.ROOT);
        for (String candidate : joined) {
            if (candidate.toUpperCase(Locale.ROOT).equals(upper)) {
                return candidate;
            }
        }
        return null;
    }

    private static String slice(String text, int start, int end) {
        int from = Math.max(0, Math.min(start, text.length()));
        int to = Math.max(from, Math.min(end, text.length()));
        return text.substring(from, to);
    }
}
