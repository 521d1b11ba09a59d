package imbridge.applelocal.codec;

import java.util.List;

/**
 * One bubble of a message body in body order: a text segment or an attachment. {@code partIndex} is Apple's
 * {@code __kIMMessagePartAttributeName} (tapbacks' {@code p:N/GUID}, replies' {@code thread_originator_part} and the
 * edit history address parts by it), or -1 when the body carries none.
 */
public sealed interface BodyComponent {
    int partIndex();

    /**
     * A text segment: {@code [start, end)} in UTF-16 code units of {@link AttributedBody#text()}, split into ranges
     * by effect.
     */
    record Text(int partIndex, int start, int end, List<Range> ranges) implements BodyComponent {
        public Text {
            ranges = List.copyOf(ranges);
        }
    }

    /** A range of a text segment (UTF-16 offsets into the whole text) and its effects (never empty). */
    record Range(int start, int end, List<TextEffect> effects) {
        public Range {
            effects = List.copyOf(effects);
        }
    }

    /** One U+FFFC standing for the attachment whose transfer GUID is {@code guid} (null when the body names none). */
    record Attachment(
            int partIndex, int position, String guid, String name, Double width, Double height, String transcription)
            implements BodyComponent {}
}
