package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text and attribute runs of an archived NSAttributedString (spec 3.4): the string object first, then
 * repeated {@code (attribute-set id, UTF-16 run length)} pairs, each followed by the attribute dictionary only the
 * first time its id appears. A bare NSString root is accepted as text without runs.
 */
final class AttributedStringReader {

    /** The decoded text and runs; the runs tile a prefix of the text (normally all of it). */
    record TextAndRuns(String text, List<AttributeRun> runs) {}

    private AttributedStringReader() {}

    static TextAndRuns read(ArchivedObject root, FoundationValues foundation) throws AppleDecodeException {
        if (root == null) {
            throw fail("the root object is nil");
        }
        if (root.isKindOf("NSString")) {
            return new TextAndRuns(foundation.string(root), List.of());
        }
        if (!root.isKindOf("NSAttributedString")) {
            throw fail("the root object is " + root.className() + ", not an NSAttributedString");
        }
        List<Object> values = root.values();
        if (values.isEmpty() || !(values.getFirst() instanceof ArchivedObject || values.getFirst() == null)) {
            throw fail("NSAttributedString without its string");
        }
        String text = foundation.string((ArchivedObject) values.getFirst());
        return new TextAndRuns(text, runs(values, text.length(), foundation));
    }

    private static List<AttributeRun> runs(List<Object> values, int textLength, FoundationValues foundation)
            throws AppleDecodeException {
        Map<Long, Map<String, Object>> attributeSets = new HashMap<>();
        List<AttributeRun> runs = new ArrayList<>();
        int start = 0;
        int index = 1;
        while (index < values.size()) {
            if (index + 1 >= values.size()
                    || !(values.get(index) instanceof Long id)
                    || !(values.get(index + 1) instanceof Long length)) {
                throw fail("attribute run " + runs.size() + " is not an (id, length) pair");
            }
            index += 2;
            Map<String, Object> attributes = attributeSets.get(id);
            if (attributes == null) {
                if (index >= values.size()) {
                    throw fail("attribute set " + id + " is used before its dictionary");
                }
                attributes = dictionary(values.get(index++), foundation);
                attributeSets.put(id, attributes);
            }
            if (length < 0 || start + length > textLength) {
                throw fail(
                        "attribute run [" + start + ", +" + length + ") leaves the text of " + textLength + " units");
            }
            runs.add(new AttributeRun(start, (int) (long) length, attributes));
            start += (int) (long) length;
        }
        return runs;
    }

    /** An attribute dictionary as an immutable map, built once per attribute set and shared by its runs. */
    private static Map<String, Object> dictionary(Object value, FoundationValues foundation)
            throws AppleDecodeException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof ArchivedObject object) || !(foundation.convert(object) instanceof Map<?, ?> map)) {
            throw fail("an attribute set is not a dictionary");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw fail("an attribute key is not a string");
            }
            attributes.put(key, entry.getValue());
        }
        return Map.copyOf(attributes);
    }

    private static AppleDecodeException fail(String message) {
        return new AppleDecodeException("typedstream: " + message);
    }
}
