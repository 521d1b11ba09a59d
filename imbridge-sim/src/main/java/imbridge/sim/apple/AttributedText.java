package imbridge.sim.apple;

import java.util.List;
import java.util.Objects;

/**
 * The content of an NSAttributedString message body: the plain text and the attribute runs that tile it.
 *
 * @param text    the full plain text (U+FFFC stands for each attachment)
 * @param runs    runs in text order; their lengths (UTF-16 code units) add up to the text's length
 * @param mutable true for NSMutableAttributedString + NSMutableString (what Messages writes in
 *                {@code attributedBody}), false for NSAttributedString + NSString (edit-history versions)
 */
public record AttributedText(String text, List<Run> runs, boolean mutable) {

    public AttributedText {
        Objects.requireNonNull(text, "text");
        runs = List.copyOf(runs);
        int covered = runs.stream().mapToInt(Run::length).sum();
        if (covered != text.length()) {
            throw new IllegalArgumentException(
                    "runs cover " + covered + " UTF-16 units of a " + text.length() + "-unit text");
        }
    }

    /** An empty body without runs: what a fully unsent message keeps. */
    public static AttributedText empty() {
        return new AttributedText("", List.of(), true);
    }

    /**
     * One attribute run.
     *
     * @param length     UTF-16 code units, at least 1
     * @param attributes the run's dictionary in archive order
     */
    public record Run(int length, List<Attribute> attributes) {
        public Run {
            if (length < 1) {
                throw new IllegalArgumentException("a run covers at least one UTF-16 unit: " + length);
            }
            attributes = List.copyOf(attributes);
        }

        /** Whether both runs carry equal dictionaries (same key names and values, same order). */
        boolean sameAttributes(Run other) {
            if (attributes.size() != other.attributes.size()) {
                return false;
            }
            for (int i = 0; i < attributes.size(); i++) {
                if (!attributes.get(i).sameAs(other.attributes.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One dictionary entry. Values: {@link String} (a new NSString), {@link NsNumber}, {@link NsUrl}.
     */
    public record Attribute(AttrKey key, Object value) {
        public Attribute {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (!(value instanceof String || value instanceof NsNumber || value instanceof NsUrl)) {
                throw new IllegalArgumentException(
                        "unsupported attribute value " + value.getClass().getName());
            }
        }

        boolean sameAs(Attribute other) {
            return key.name().equals(other.key.name()) && value.equals(other.value);
        }
    }

    /**
     * An NSNumber holding an integer; Apple hands out one cached object per (type, value), so equal numbers are
     * archived once and referenced afterwards.
     *
     * @param type the Objective-C type character: {@code i} (int), {@code q} (long long), {@code c} (char)
     */
    public record NsNumber(char type, long value) {
        public NsNumber {
            if ("icsqlCSIQL".indexOf(type) < 0) {
                throw new IllegalArgumentException("not an integer type: " + type);
            }
        }

        public static NsNumber ofInt(long value) {
            return new NsNumber('i', value);
        }
    }

    /** An absolute NSURL. */
    public record NsUrl(String url) {
        public NsUrl {
            Objects.requireNonNull(url, "url");
        }
    }
}
