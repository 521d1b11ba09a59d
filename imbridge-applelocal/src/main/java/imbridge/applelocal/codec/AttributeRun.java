package imbridge.applelocal.codec;

import java.util.Map;

/**
 * One attribute run of an {@code NSAttributedString}: {@code length} UTF-16 code units from {@code start}, with the
 * run's attribute dictionary decoded to plain Java values (String, Long, Double, Boolean, byte[], List, Map, or
 * {@link java.net.URI}-like strings for NSURL).
 */
public record AttributeRun(int start, int length, Map<String, Object> attributes) {
    public AttributeRun {
        attributes = Map.copyOf(attributes);
    }

    public int end() {
        return start + length;
    }
}
