package imbridge.applelocal.codec;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only typedstream encoder following the writing rules of spec 3.7 (shared strings once, classes once,
 * NSNumbers with equal type and value re-used, C strings re-used, integral doubles as integers, attribute sets by
 * id; the same List instance twice becomes a reference, so tests can build shared and cyclic graphs). Independent
 * of the decoder: it only shares the spec. Values: String → NSString, Integer → NSNumber "i",
 * Long → "q", Double → "d", byte[] → NSData, Map → NSDictionary (in iteration order), List → NSArray, URI → NSURL,
 * Instant → NSDate, {@link #NULL} → NSNull, {@link Body} → NS(Mutable)AttributedString.
 */
final class TestTypedStreamWriter {
    /** Stands for NSNull. */
    static final Object NULL = new Object();

    /**
     * One attribute run: {@code length} UTF-16 units with these attributes (a LinkedHashMap keeps Apple's order).
     * Runs given the same Map instance share one attribute-set id, as Apple's runs of equal attributes do.
     */
    record Run(int length, Map<String, Object> attributes) {}

    /** An attributed string; {@code mutable} selects NSMutableAttributedString + NSMutableString. */
    record Body(String text, List<Run> runs, boolean mutable) {}

    private static final Map<String, List<Object[]>> CHAINS = Map.ofEntries(
            Map.entry(
                    "NSMutableAttributedString",
                    chain("NSMutableAttributedString", 0, "NSAttributedString", 0, "NSObject", 0)),
            Map.entry("NSAttributedString", chain("NSAttributedString", 0, "NSObject", 0)),
            Map.entry("NSMutableString", chain("NSMutableString", 1, "NSString", 1, "NSObject", 0)),
            Map.entry("NSString", chain("NSString", 1, "NSObject", 0)),
            Map.entry("NSDictionary", chain("NSDictionary", 0, "NSObject", 0)),
            Map.entry("NSArray", chain("NSArray", 0, "NSObject", 0)),
            Map.entry("NSNumber", chain("NSNumber", 0, "NSValue", 0, "NSObject", 0)),
            Map.entry("NSData", chain("NSData", 0, "NSObject", 0)),
            Map.entry("NSURL", chain("NSURL", 0, "NSObject", 0)),
            Map.entry("NSDate", chain("NSDate", 0, "NSObject", 0)),
            Map.entry("NSNull", chain("NSNull", 0, "NSObject", 0)));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> sharedStrings = new HashMap<>();
    private final Map<String, Integer> classes = new HashMap<>();
    private final Map<String, Integer> cStrings = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    /** Lists already written, by identity: writing the same instance again writes a reference (shared graphs). */
    private final Map<Object, Integer> lists = new IdentityHashMap<>();

    private int objectCount;

    /** Encodes one root value as a whole blob. */
    static byte[] encode(Object root) {
        TestTypedStreamWriter writer = new TestTypedStreamWriter();
        writer.header();
        writer.sharedString("@");
        writer.object(root);
        return writer.out.toByteArray();
    }

    static byte[] encode(String text, List<Run> runs) {
        return encode(new Body(text, runs, true));
    }

    private void header() {
        out.write(0x04);
        out.write(0x0B);
        out.writeBytes("streamtyped".getBytes(StandardCharsets.US_ASCII));
        integer(1000);
    }

    private void object(Object value) {
        if (value == null) {
            out.write(0x85);
            return;
        }
        String numberKey = numberKey(value);
        if (numberKey != null && numbers.containsKey(numberKey)) {
            reference(numbers.get(numberKey));
            return;
        }
        if (value instanceof List<?> && lists.containsKey(value)) {
            reference(lists.get(value));
            return;
        }
        out.write(0x84);
        int slot = objectCount++;
        if (numberKey != null) {
            numbers.put(numberKey, slot);
        }
        if (value instanceof List<?>) {
            lists.put(value, slot); // before the content: a list containing itself becomes a self-reference
        }
        switch (value) {
            case Body body -> attributedString(body);
            case String s -> {
                classChain("NSString");
                string(s);
            }
            case Integer i -> number("i", i);
            case Long l -> number("q", l);
            case Double d -> number("d", d);
            case byte[] bytes -> {
                classChain("NSData");
                group("i");
                integer(bytes.length);
                group("[" + bytes.length + "c]");
                out.writeBytes(bytes);
            }
            case Map<?, ?> map -> {
                classChain("NSDictionary");
                group("i");
                integer(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    group("@");
                    object(entry.getKey());
                    group("@");
                    object(entry.getValue());
                }
            }
            case List<?> list -> {
                classChain("NSArray");
                group("i");
                integer(list.size());
                for (Object element : list) {
                    group("@");
                    object(element);
                }
            }
            case URI uri -> {
                classChain("NSURL");
                group("c");
                out.write(0);
                group("@");
                object(uri.toString());
            }
            case Instant instant -> {
                classChain("NSDate");
                group("d");
                real(instant.toEpochMilli() / 1000.0 - AppleDates.APPLE_EPOCH_UNIX_MS / 1000.0);
            }
            default -> {
                if (value != NULL) {
                    throw new IllegalArgumentException("cannot encode " + value.getClass());
                }
                classChain("NSNull");
            }
        }
        out.write(0x86);
    }

    private void attributedString(Body body) {
        classChain(body.mutable() ? "NSMutableAttributedString" : "NSAttributedString");
        group("@");
        out.write(0x84);
        objectCount++;
        classChain(body.mutable() ? "NSMutableString" : "NSString");
        string(body.text());
        out.write(0x86);
        Map<Map<String, Object>, Integer> ids = new IdentityHashMap<>(); // the same Map instance = the same set
        for (Run run : body.runs()) {
            Integer id = ids.get(run.attributes());
            boolean first = id == null;
            if (first) {
                id = ids.size() + 1;
                ids.put(run.attributes(), id);
            }
            group("iI");
            integer(id);
            integer(run.length());
            if (first) {
                group("@");
                object(new LinkedHashMap<>(run.attributes()));
            }
        }
    }

    private void number(String type, Number value) {
        classChain("NSNumber");
        group("*");
        if (cStrings.containsKey(type)) {
            reference(cStrings.get(type));
        } else {
            out.write(0x84);
            sharedString(type);
            cStrings.put(type, objectCount++);
        }
        group(type);
        if (value instanceof Double d) {
            real(d);
        } else {
            integer(value.longValue());
        }
    }

    private void string(String text) {
        group("+");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        integer(bytes.length);
        out.writeBytes(bytes);
    }

    private void classChain(String name) {
        for (Object[] link : CHAINS.get(name)) {
            String className = (String) link[0];
            if (classes.containsKey(className)) {
                reference(classes.get(className));
                return;
            }
            literalClass(className, (Integer) link[1]);
        }
        out.write(0x85);
    }

    private void literalClass(String name, int version) {
        out.write(0x84);
        sharedString(name);
        integer(version);
        classes.put(name, objectCount++);
    }

    private void group(String encoding) {
        sharedString(encoding);
    }

    private void sharedString(String value) {
        Integer index = sharedStrings.get(value);
        if (index != null) {
            reference(index);
            return;
        }
        out.write(0x84);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        integer(bytes.length);
        out.writeBytes(bytes);
        sharedStrings.put(value, sharedStrings.size());
    }

    private void reference(int index) {
        integer(index - 110L);
    }

    void integer(long value) {
        writeInteger(out, value);
    }

    /** Integers as spec 3.7 rule 3 writes them: one byte for −110…127, else the smallest tagged form. */
    static void writeInteger(ByteArrayOutputStream out, long value) {
        if (value >= -110 && value <= 127) {
            out.write((int) value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            out.write(0x81);
            out.writeBytes(ByteBuffer.allocate(2)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) value)
                    .array());
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write(0x82);
            out.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) value)
                    .array());
        } else {
            out.write(0x87);
            out.writeBytes(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(value)
                    .array());
        }
    }

    /** Rule 7: integral values as integers, others as 83 + IEEE double. */
    private void real(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            integer((long) value);
        } else {
            out.write(0x83);
            out.writeBytes(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putDouble(value)
                    .array());
        }
    }

    private static String numberKey(Object value) {
        return switch (value) {
            case Integer i -> "i" + i;
            case Long l -> "q" + l;
            case Double d -> "d" + d;
            default -> null;
        };
    }

    private static List<Object[]> chain(Object... namesAndVersions) {
        List<Object[]> links = new ArrayList<>();
        for (int i = 0; i < namesAndVersions.length; i += 2) {
            links.add(new Object[] {namesAndVersions[i], namesAndVersions[i + 1]});
        }
        return links;
    }
}
