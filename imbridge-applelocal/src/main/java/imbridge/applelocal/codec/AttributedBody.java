package imbridge.applelocal.codec;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoded {@code attributedBody}: the full plain text and its attribute runs (UTF-16 offsets tiling the text),
 * with the message's bubbles in body order.
 */
public record AttributedBody(String text, List<AttributeRun> runs, List<BodyComponent> components) {
    public AttributedBody {
        runs = List.copyOf(runs);
        components = List.copyOf(components);
    }

    /** Attribute keys in order of first appearance, sorted within a run (what {@code apple inspect} lists). */
    public List<String> attributeKeys() {
        Set<String> keys = new LinkedHashSet<>();
        // Runs of one attribute set share their map: visit each map once, whatever the number of runs.
        Set<Map<String, Object>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AttributeRun run : runs) {
            if (seen.add(run.attributes())) {
                run.attributes().keySet().stream().sorted().forEach(keys::add);
            }
        }
        return List.copyOf(keys);
    }
}
