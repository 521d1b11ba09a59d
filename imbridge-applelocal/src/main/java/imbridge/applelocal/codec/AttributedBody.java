package imbridge.applelocal.codec;

import java.util.List;

/**
 * A decoded {@code attributedBody}: the full plain text and its attribute runs (UTF-16 offsets tiling the text),
 * with the message's bubbles in body order.
 */
public record AttributedBody(String text, List<AttributeRun> runs, List<BodyComponent> components) {
    public AttributedBody {
        runs = List.copyOf(runs);
        components = List.copyOf(components);
    }

    /** Attribute keys in order of first appearance (what {@code apple inspect} lists). */
    public List<String> attributeKeys() {
        return runs.stream().flatMap(r -> r.attributes().keySet().stream().sorted()).distinct().toList();
    }
}
