package imbridge.applelocal.chatdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only typedstream encoder for message bodies (an NSMutableAttributedString whose runs carry dictionaries of
 * NSString/NSNumber values), written from the encoder rules of behaviour.md §AL3.7. It reproduces Apple's own blobs
 * byte for
 * byte ({@code TypedStreamWriterTest}), so the bodies it makes are the shape Messages writes.
 */
final class TypedStreamWriter {
    static final String PART = "__kIMMessagePartAttributeName";
    static final String TRANSFER_GUID = "__kIMFileTransferGUIDAttributeName";
    static final String FILENAME = "__kIMFilenameAttributeName";
    static final String MENTION = "__kIMMentionConfirmedMention";

    /** One attribute run: its length in UTF-16 units and its attributes (String or Long values) in key order. */
    record Run(int length, Map<String, Object> attributes) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> shared = new HashMap<>();
    private final Map<String, Integer> classes = new HashMap<>();
    private final Map<String, Integer> cStrings = new HashMap<>();
    private final Map<Long, Integer> numbers = new HashMap<>();
    private int objects;

    private TypedStreamWriter() {}

    static byte[] attributedString(String text, List<Run> runs) {
        TypedStreamWriter w = new TypedStreamWriter();
        w.out.writeBytes(new byte[] {0x04, 0x0B});
        w.out.writeBytes("streamtyped".getBytes(StandardCharsets.US_ASCII));
        w.integer(1000);
        w.type("@");
        w.beginObject();
        w.classChain("NSMutableAttributedString", 0, "NSAttributedString", 0, "NSObject", 0);
        w.type("@");
        w.beginObject();
        w.classChain("NSMutableString", 1, "NSString", 1, "NSObject", 0);
        w.type("+");
        w.bytes(text.getBytes(StandardCharsets.UTF_8));
        w.end();
        List<Map<String, Object>> seen = new ArrayList<>();
        for (Run run : runs) {
            int id = seen.indexOf(run.attributes()) + 1;
            boolean fresh = id == 0;
            if (fresh) {
                seen.add(run.attributes());
                id = seen.size();
            }
            w.type("iI");
            w.integer(id);
            w.integer(run.length());
            if (fresh) {
                w.type("@");
                w.dictionary(run.attributes());
            }
        }
        w.end();
        return w.out.toByteArray();
    }

    /**
     * A body as the contract's writer makes it: the text as part 0 when there is text, then one U+FFFC per
     * attachment as the following parts (each with its transfer GUID and file name).
     *
     * @param attachments pairs of {guid, filename}
     */
    static byte[] messageBody(String text, List<String[]> attachments) {
        StringBuilder s = new StringBuilder(text == null ? "" : text);
        List<Run> runs = new ArrayList<>();
        long part = 0;
        if (text != null && !text.isEmpty()) {
            runs.add(new Run(text.length(), attrs(PART, part++)));
        }
        for (String[] a : attachments) {
            s.append('\uFFFC');
            runs.add(new Run(1, attrs(FILENAME, a[1], TRANSFER_GUID, a[0], PART, part++)));
        }
        return attributedString(s.toString(), runs);
    }

    static byte[] text(String text) {
        return messageBody(text, List.of());
    }

    /** An ordered attribute map from key/value pairs. */
    static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            m.put((String) keyValues[i], v instanceof Integer n ? (long) n : v);
        }
        return m;
    }

    private void dictionary(Map<String, Object> attributes) {
        beginObject();
        classChain("NSDictionary", 0, "NSObject", 0);
        type("i");
        integer(attributes.size());
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            type("@");
            nsString(e.getKey());
            type("@");
            if (e.getValue() instanceof Long n) {
                nsNumber(n);
            } else {
                nsString((String) e.getValue());
            }
        }
        end();
    }

    private void nsString(String s) {
        beginObject();
        classChain("NSString", 1, "NSObject", 0);
        type("+");
        bytes(s.getBytes(StandardCharsets.UTF_8));
        end();
    }

    /** Apple re-uses an NSNumber of equal value: later uses are references. */
    private void nsNumber(long value) {
        Integer known = numbers.get(value);
        if (known != null) {
            reference(known);
            return;
        }
        numbers.put(value, objects);
        beginObject();
        classChain("NSNumber", 0, "NSValue", 0, "NSObject", 0);
        type("*");
        cString("i");
        type("i");
        integer(value);
        end();
    }

    private void cString(String s) {
        Integer known = cStrings.get(s);
        if (known != null) {
            reference(known);
            return;
        }
        out.write(0x84);
        sharedString(s);
        cStrings.put(s, objects++);
    }

    /** Name/version pairs, subclass first; the chain stops at the first class already written (a reference). */
    private void classChain(Object... nameVersion) {
        for (int i = 0; i < nameVersion.length; i += 2) {
            String name = (String) nameVersion[i];
            Integer known = classes.get(name);
            if (known != null) {
                reference(known);
                return;
            }
            out.write(0x84);
            sharedString(name);
            integer((Integer) nameVersion[i + 1]);
            classes.put(name, objects++);
        }
        out.write(0x85);
    }

    private void type(String encoding) {
        sharedString(encoding);
    }

    private void sharedString(String s) {
        Integer known = shared.get(s);
        if (known != null) {
            reference(known);
            return;
        }
        out.write(0x84);
        bytes(s.getBytes(StandardCharsets.UTF_8));
        shared.put(s, shared.size());
    }

    private void beginObject() {
        out.write(0x84);
        objects++;
    }

    private void end() {
        out.write(0x86);
    }

    private void reference(int index) {
        integer(index - 110L);
    }

    private void bytes(byte[] b) {
        integer(b.length);
        out.writeBytes(b);
    }

    private void integer(long v) {
        if (v >= -110 && v <= 127) {
            out.write((int) v);
        } else if (v >= Short.MIN_VALUE && v <= 0xFFFF) {
            out.write(0x81);
            out.write((int) v);
            out.write((int) (v >> 8));
        } else if (v >= Integer.MIN_VALUE && v <= 0xFFFF_FFFFL) {
            out.write(0x82);
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >> (8 * i)));
            }
        } else {
            out.write(0x87);
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >> (8 * i)));
            }
        }
    }
}
