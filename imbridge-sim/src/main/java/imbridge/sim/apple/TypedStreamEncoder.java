package imbridge.sim.apple;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AttributedText} as Apple's NSArchiver typedstream (behaviour.md §AL3.1–§AL3.4, encoding rules
 * §AL3.7), the
 * format of {@code message.attributedBody} and of the {@code t} versions in {@code message_summary_info}.
 *
 * <p>What is archived once and referenced afterwards follows NSArchiver: classes, shared strings and C strings by
 * content, NSNumbers by (type, value) (Apple's cached numbers), attribute keys by object identity
 * ({@link AttrKey}), attribute dictionaries through the run's attribute-set id. Everything else (string values,
 * URLs) is written anew each time.
 */
public final class TypedStreamEncoder {

    private static final byte[] HEADER = {
        0x04, 0x0B, 's', 't', 'r', 'e', 'a', 'm', 't', 'y', 'p', 'e', 'd', (byte) 0x81, (byte) 0xE8, 0x03
    };
    private static final int NEW = 0x84;
    private static final int NIL = 0x85;
    private static final int END = 0x86;
    private static final int REFERENCE_BASE = -110;

    private record ClassDef(String name, int version) {}

    private static final List<ClassDef> NSOBJECT = List.of(new ClassDef("NSObject", 0));
    private static final List<ClassDef> MUTABLE_ATTRIBUTED = List.of(
            new ClassDef("NSMutableAttributedString", 0), new ClassDef("NSAttributedString", 0), NSOBJECT.getFirst());
    private static final List<ClassDef> ATTRIBUTED =
            List.of(new ClassDef("NSAttributedString", 0), NSOBJECT.getFirst());
    private static final List<ClassDef> MUTABLE_STRING =
            List.of(new ClassDef("NSMutableString", 1), new ClassDef("NSString", 1), NSOBJECT.getFirst());
    private static final List<ClassDef> STRING = List.of(new ClassDef("NSString", 1), NSOBJECT.getFirst());
    private static final List<ClassDef> DICTIONARY = List.of(new ClassDef("NSDictionary", 0), NSOBJECT.getFirst());
    private static final List<ClassDef> NUMBER =
            List.of(new ClassDef("NSNumber", 0), new ClassDef("NSValue", 0), NSOBJECT.getFirst());
    private static final List<ClassDef> URL = List.of(new ClassDef("NSURL", 0), NSOBJECT.getFirst());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final Map<String, Integer> sharedStrings = new HashMap<>();
    private final Map<String, Integer> classes = new HashMap<>();
    private final Map<String, Integer> cStrings = new HashMap<>();
    private final Map<AttributedText.NsNumber, Integer> numbers = new HashMap<>();
    private final Map<AttrKey, Integer> keys = new IdentityHashMap<>();
    private int objects;

    private TypedStreamEncoder() {}

    public static byte[] encode(AttributedText body) {
        TypedStreamEncoder encoder = new TypedStreamEncoder();
        encoder.out.writeBytes(HEADER);
        encoder.attributedString(body);
        return encoder.out.toByteArray();
    }

    private void attributedString(AttributedText body) {
        sharedString("@");
        beginObject(body.mutable() ? MUTABLE_ATTRIBUTED : ATTRIBUTED);
        sharedString("@");
        stringObject(body.mutable() ? MUTABLE_STRING : STRING, body.text());
        List<AttributedText.Run> sets = new ArrayList<>();
        for (AttributedText.Run run : body.runs()) {
            int known = indexOfSameAttributes(sets, run);
            sharedString("iI");
            if (known >= 0) {
                integer(known + 1);
                integer(run.length());
                continue;
            }
            sets.add(run);
            integer(sets.size());
            integer(run.length());
            sharedString("@");
            dictionary(run.attributes());
        }
        out.write(END);
    }

    private static int indexOfSameAttributes(List<AttributedText.Run> sets, AttributedText.Run run) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).sameAttributes(run)) {
                return i;
            }
        }
        return -1;
    }

    private void dictionary(List<AttributedText.Attribute> attributes) {
        beginObject(DICTIONARY);
        sharedString("i");
        integer(attributes.size());
        for (AttributedText.Attribute attribute : attributes) {
            sharedString("@");
            key(attribute.key());
            sharedString("@");
            value(attribute.value());
        }
        out.write(END);
    }

    private void key(AttrKey key) {
        Integer slot = keys.get(key);
        if (slot != null) {
            reference(slot);
            return;
        }
        keys.put(key, objects);
        stringObject(STRING, key.name());
    }

    private void value(Object value) {
        switch (value) {
            case String s -> stringObject(STRING, s);
            case AttributedText.NsNumber n -> number(n);
            case AttributedText.NsUrl u -> url(u);
            default -> throw new IllegalArgumentException("unsupported attribute value " + value);
        }
    }

    private void number(AttributedText.NsNumber number) {
        Integer slot = numbers.get(number);
        if (slot != null) {
            reference(slot);
            return;
        }
        numbers.put(number, objects);
        beginObject(NUMBER);
        String type = String.valueOf(number.type());
        sharedString("*");
        cString(type);
        sharedString(type);
        if (number.type() == 'c' || number.type() == 'C') {
            out.write((int) number.value());
        } else {
            integer(number.value());
        }
        out.write(END);
    }

    /** An absolute URL: the is-relative flag 0 (a raw {@code c} byte), then the URL string. */
    private void url(AttributedText.NsUrl url) {
        beginObject(URL);
        sharedString("c");
        out.write(0);
        sharedString("@");
        stringObject(STRING, url.url());
        out.write(END);
    }

    private void stringObject(List<ClassDef> chain, String text) {
        beginObject(chain);
        sharedString("+");
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        integer(utf8.length);
        out.writeBytes(utf8);
        out.write(END);
    }

    /** NEW, the object's slot, then its class chain. */
    private void beginObject(List<ClassDef> chain) {
        out.write(NEW);
        objects++;
        classChain(chain);
    }

    private void classChain(List<ClassDef> chain) {
        for (ClassDef def : chain) {
            Integer known = classes.get(def.name());
            if (known != null) {
                reference(known);
                return;
            }
            out.write(NEW);
            sharedString(def.name());
            integer(def.version());
            classes.put(def.name(), objects++);
        }
        out.write(NIL);
    }

    /** A C string: the first time NEW + its shared string (taking an object slot), later a reference. */
    private void cString(String text) {
        Integer slot = cStrings.get(text);
        if (slot != null) {
            reference(slot);
            return;
        }
        out.write(NEW);
        cStrings.put(text, objects++);
        sharedString(text);
    }

    private void sharedString(String text) {
        Integer index = sharedStrings.get(text);
        if (index != null) {
            reference(index);
            return;
        }
        sharedStrings.put(text, sharedStrings.size());
        out.write(NEW);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        integer(bytes.length);
        out.writeBytes(bytes);
    }

    private void reference(int index) {
        integer(index + REFERENCE_BASE);
    }

    /** Single byte for −110…127, else the smallest of 0x81 int16, 0x82 int32, 0x87 int64 (little-endian). */
    private void integer(long value) {
        if (value >= -110 && value <= 127) {
            out.write((int) value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            out.write(0x81);
            littleEndian(value, 2);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write(0x82);
            littleEndian(value, 4);
        } else {
            out.write(0x87);
            littleEndian(value, 8);
        }
    }

    private void littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
