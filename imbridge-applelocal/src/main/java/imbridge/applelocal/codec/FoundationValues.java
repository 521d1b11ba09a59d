package imbridge.applelocal.codec;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns typedstream objects of the Foundation classes of spec 3.3 into plain Java values: NSString → String,
 * NSNumber → Long or Double, NSDictionary → Map, NSArray/NSSet → List, NSData → byte[], NSURL → String, NSDate →
 * Instant; anything else (and NSNull) → {@link OpaqueObject}.
 *
 * <p>Objects shared by reference are converted once. A corrupt stream can make an object contain itself (its table
 * slot exists before its content) or build a small graph that expands into a huge tree; both are rejected, so the
 * values handed out are finite trees that are cheap to hash, compare and print.
 */
final class FoundationValues {
    /** Nodes one converted value may expand to; real attribute values have a handful. */
    static final int MAX_EXPANDED_NODES = 100_000;

    private static final long APPLE_EPOCH_UNIX_SECONDS = AppleDates.APPLE_EPOCH_UNIX_MS / 1000;
    /** NSDate seconds beyond this are not a date (Instant's range is far larger; this keeps the math exact). */
    private static final double MAX_DATE_SECONDS = 1e13;

    private record Converted(Object value, int nodes) {}

    private final Map<ArchivedObject, Converted> converted = new IdentityHashMap<>();
    private final Map<ArchivedObject, Boolean> inProgress = new IdentityHashMap<>();

    /** The Java value of an archived object; null for nil. */
    Object convert(ArchivedObject object) throws AppleDecodeException {
        return object == null ? null : convertObject(object).value();
    }

    /** The text of an NSString-like object (nil → empty). */
    String string(ArchivedObject object) throws AppleDecodeException {
        Object value = convert(object);
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw fail("expected a string, found " + object.className());
    }

    private Converted convertObject(ArchivedObject object) throws AppleDecodeException {
        Converted done = converted.get(object);
        if (done != null) {
            return done;
        }
        if (inProgress.put(object, Boolean.TRUE) != null) {
            throw fail(object.className() + " contains itself");
        }
        Converted result = byClass(object);
        if (result.nodes() > MAX_EXPANDED_NODES) {
            throw fail(object.className() + " expands to more than " + MAX_EXPANDED_NODES + " values");
        }
        inProgress.remove(object);
        converted.put(object, result);
        return result;
    }

    private Converted byClass(ArchivedObject object) throws AppleDecodeException {
        List<Object> values = object.values();
        if (object.isKindOf("NSString")) {
            return leaf(values.isEmpty() || values.getFirst() == null ? "" : utf8(bytesAt(values, 0, object)));
        }
        if (object.isKindOf("NSAttributedString")) {
            return leaf(string(objectAt(values, 0, object)));
        }
        if (object.isKindOf("NSNumber")) {
            return number(values, object);
        }
        if (object.isKindOf("NSDictionary")) {
            return dictionary(values, object);
        }
        if (object.isKindOf("NSArray") || object.isKindOf("NSSet")) {
            return list(values, object);
        }
        if (object.isKindOf("NSData")) {
            return data(values, object);
        }
        if (object.isKindOf("NSURL")) {
            return leaf(url(values, object));
        }
        if (object.isKindOf("NSDate")) {
            return leaf(date(values, object));
        }
        return opaque(values, object);
    }

    private Converted number(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        if (values.size() != 2 || !(values.get(0) instanceof String)) {
            throw fail("NSNumber needs a type string and one value");
        }
        Object value = values.get(1);
        if (value instanceof Long || value instanceof Double) {
            return leaf(value);
        }
        throw fail("NSNumber of type " + values.get(0) + " holds " + describe(value) + " in " + object.className());
    }

    private Converted dictionary(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        long count = countAt(values, object);
        if (values.size() != 1 + 2 * count) {
            throw fail(object.className() + " announces " + count + " entries but holds " + (values.size() - 1)
                    + " values");
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        int nodes = 1;
        for (int i = 1; i < values.size(); i += 2) {
            Converted key = element(values, i, object);
            Converted value = element(values, i + 1, object);
            nodes = addNodes(nodes, key.nodes() + value.nodes());
            map.put(key.value(), value.value());
        }
        return new Converted(Collections.unmodifiableMap(map), nodes);
    }

    private Converted list(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        long count = countAt(values, object);
        if (values.size() != 1 + count) {
            throw fail(object.className() + " announces " + count + " elements but holds " + (values.size() - 1));
        }
        List<Object> list = new ArrayList<>();
        int nodes = 1;
        for (int i = 1; i < values.size(); i++) {
            Converted element = element(values, i, object);
            nodes = addNodes(nodes, element.nodes());
            list.add(element.value());
        }
        return new Converted(Collections.unmodifiableList(list), nodes);
    }

    private Converted data(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        long length = countAt(values, object);
        if (length == 0 && values.size() == 1) {
            return leaf(new byte[0]);
        }
        byte[] bytes = bytesAt(values, 1, object);
        if (values.size() != 2 || bytes.length != length) {
            throw fail("NSData announces " + length + " bytes but holds " + bytes.length);
        }
        return leaf(bytes);
    }

    /** NSURL: is-relative flag, the base URL when relative, then the URL (or relative part) as a string. */
    private String url(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        if (values.isEmpty() || !(values.getFirst() instanceof Long relative)) {
            throw fail("NSURL without its relative flag");
        }
        if (relative == 0) {
            return string(objectAt(values, 1, object));
        }
        Object base = convert(objectAt(values, 1, object));
        String relativePart = string(objectAt(values, 2, object));
        if (!(base instanceof String baseUrl)) {
            return relativePart;
        }
        try {
            return URI.create(baseUrl).resolve(relativePart).toString();
        } catch (IllegalArgumentException notAUri) {
            return baseUrl + relativePart;
        }
    }

    private Instant date(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        if (values.size() != 1
                || !(values.getFirst() instanceof Double seconds)
                || !(Math.abs(seconds) < MAX_DATE_SECONDS)) {
            throw fail("NSDate needs one finite number of seconds in " + object.className());
        }
        double whole = Math.floor(seconds);
        long nanos = Math.round((seconds - whole) * 1e9);
        return Instant.ofEpochSecond(APPLE_EPOCH_UNIX_SECONDS + (long) whole).plusNanos(nanos);
    }

    private Converted opaque(List<Object> values, ArchivedObject object) throws AppleDecodeException {
        List<Object> contents = new ArrayList<>();
        int nodes = 1;
        for (Object raw : values) {
            Converted value = raw(raw);
            nodes = addNodes(nodes, value.nodes());
            contents.add(value.value());
        }
        return new Converted(new OpaqueObject(object.className(), contents), nodes);
    }

    /** A value as the reader produced it: objects are converted, classes become their names, lists recurse. */
    private Converted raw(Object raw) throws AppleDecodeException {
        return switch (raw) {
            case null -> leaf(null);
            case ArchivedObject object -> convertObject(object);
            case ArchivedClass archivedClass -> leaf(archivedClass.name());
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                int nodes = 1;
                for (Object element : list) {
                    Converted value = raw(element);
                    nodes = addNodes(nodes, value.nodes());
                    out.add(value.value());
                }
                yield new Converted(Collections.unmodifiableList(out), nodes);
            }
            default -> leaf(raw);
        };
    }

    private Converted element(List<Object> values, int index, ArchivedObject owner) throws AppleDecodeException {
        ArchivedObject object = objectAt(values, index, owner);
        if (object == null) {
            throw fail(owner.className() + " holds nil");
        }
        return convertObject(object);
    }

    private static long countAt(List<Object> values, ArchivedObject owner) throws AppleDecodeException {
        if (values.isEmpty() || !(values.getFirst() instanceof Long count) || count < 0) {
            throw fail(owner.className() + " without a valid count");
        }
        return count;
    }

    private static ArchivedObject objectAt(List<Object> values, int index, ArchivedObject owner)
            throws AppleDecodeException {
        if (index >= values.size()) {
            throw fail(owner.className() + " is missing value " + index);
        }
        Object value = values.get(index);
        if (value == null || value instanceof ArchivedObject) {
            return (ArchivedObject) value;
        }
        throw fail(owner.className() + " holds " + describe(value) + " where an object belongs");
    }

    private static byte[] bytesAt(List<Object> values, int index, ArchivedObject owner) throws AppleDecodeException {
        if (index < values.size() && values.get(index) instanceof byte[] bytes) {
            return bytes;
        }
        throw fail(owner.className() + " has no byte content at value " + index);
    }

    private static int addNodes(int nodes, int more) throws AppleDecodeException {
        long total = (long) nodes + more;
        if (total > MAX_EXPANDED_NODES) {
            throw fail("value expands to more than " + MAX_EXPANDED_NODES + " nodes");
        }
        return (int) total;
    }

    private static Converted leaf(Object value) {
        return new Converted(value, 1);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describe(Object value) {
        return value == null ? "nil" : value.getClass().getSimpleName();
    }

    private static AppleDecodeException fail(String message) {
        return new AppleDecodeException("typedstream: " + message);
    }
}
