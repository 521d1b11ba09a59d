package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a body's bubbles from its runs (spec 3.6 "Building bubbles"): a run carrying an attachment key is an
 * attachment; consecutive text runs of the same part index merge into one text component with one range per run.
 * Text the runs leave uncovered (only in odd blobs) is plain text without a part index.
 */
final class BodyComponents {
    private BodyComponents() {}

    static List<BodyComponent> build(String text, List<AttributeRun> runs) {
        List<BodyComponent> components = new ArrayList<>();
        TextBuilder open = null;
        List<AttributeRun> segments = new ArrayList<>(runs);
        int covered = runs.isEmpty() ? 0 : runs.getLast().end();
        if (covered < text.length()) {
            segments.add(new AttributeRun(covered, text.length() - covered, Map.of()));
        }
        for (AttributeRun run : segments) {
            if (run.length() == 0) {
                continue;
            }
            Map<String, Object> attributes = run.attributes();
            int part = AttributeKeys.partIndex(attributes);
            if (AttributeKeys.isAttachment(attributes)) {
                open = flush(open, components);
                components.add(attachment(part, run));
                continue;
            }
            BodyComponent.Range range = new BodyComponent.Range(run.start(), run.end(), TextEffects.of(attributes));
            if (open != null && open.partIndex == part && open.end == run.start()) {
                open.add(range);
            } else {
                flush(open, components);
                open = new TextBuilder(part, range);
            }
        }
        flush(open, components);
        return components;
    }

    private static BodyComponent.Attachment attachment(int part, AttributeRun run) {
        Map<String, Object> a = run.attributes();
        return new BodyComponent.Attachment(
                part,
                run.start(),
                AttributeKeys.string(a, AttributeKeys.FILE_TRANSFER_GUID),
                AttributeKeys.string(a, AttributeKeys.FILENAME),
                AttributeKeys.number(a, AttributeKeys.INLINE_MEDIA_WIDTH),
                AttributeKeys.number(a, AttributeKeys.INLINE_MEDIA_HEIGHT),
                AttributeKeys.string(a, AttributeKeys.AUDIO_TRANSCRIPTION));
    }

    private static TextBuilder flush(TextBuilder open, List<BodyComponent> components) {
        if (open != null) {
            components.add(new BodyComponent.Text(open.partIndex, open.start, open.end, open.ranges));
        }
        return null;
    }

    private static final class TextBuilder {
        private final int partIndex;
        private final int start;
        private int end;
        private final List<BodyComponent.Range> ranges = new ArrayList<>();

        private TextBuilder(int partIndex, BodyComponent.Range first) {
            this.partIndex = partIndex;
            this.start = first.start();
            add(first);
        }

        private void add(BodyComponent.Range range) {
            ranges.add(range);
            end = range.end();
        }
    }
}
