package imbridge.applelocal.codec;

import static imbridge.applelocal.codec.TypedStreamCursor.TAG_END;
import static imbridge.applelocal.codec.TypedStreamCursor.TAG_NEW;
import static imbridge.applelocal.codec.TypedStreamCursor.TAG_NIL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the object graph of a little-endian NSArchiver typedstream (spec 3.1–3.2, Appendix A) without knowing any
 * Foundation class: objects, classes, C strings, shared strings and typed values. Values come out as Long (integers
 * and {@code c C B}), Double ({@code f d}), byte[] ({@code +} and byte arrays), String ({@code * % :}),
 * {@link ArchivedObject}, {@link ArchivedClass}, List (other arrays, structs) or null.
 *
 * <p>Hostile input is bounded: nesting depth, object-table size and the number of values read (a value budget
 * proportional to the blob, which also stops arrays of zero-byte elements) are capped.
 */
final class TypedStreamReader {
    static final int MAX_OBJECT_DEPTH = 64;
    static final int MAX_TABLE_ENTRIES = 1 << 20;
    private static final int STREAMER_VERSION = 4;
    private static final String SIGNATURE_LITTLE_ENDIAN = "streamtyped";
    private static final String SIGNATURE_BIG_ENDIAN = "typedstream";
    /** Marks the table slot of a class whose chain is still being read. */
    private static final Object PENDING_CLASS = new Object();

    /** A C string's object-table entry. */
    private record CString(String value) {}

    private final TypedStreamCursor cursor;
    private final List<byte[]> sharedStrings = new ArrayList<>();
    private final Map<Integer, List<TypeEncoding>> encodings = new HashMap<>();
    private final List<Object> objects = new ArrayList<>();
    private long valueBudget;
    private int objectDepth;

    private TypedStreamReader(byte[] blob, int bodyStart) {
        this.cursor = new TypedStreamCursor(blob, bodyStart);
        this.valueBudget = 1024 + 4L * blob.length;
    }

    /** Validates the header ({@code 04 0B "streamtyped" <system version>}) and positions on the first group. */
    static TypedStreamReader open(byte[] blob) throws AppleDecodeException {
        if (blob == null || blob.length == 0) {
            throw new AppleDecodeException("typedstream: empty blob");
        }
        TypedStreamCursor header = new TypedStreamCursor(blob, 0);
        long version = header.integer(header.head(), false);
        if (version != STREAMER_VERSION) {
            throw header.error("streamer version " + version + " (only 4 is supported)");
        }
        long signatureLength = header.integer(header.head(), false);
        String signature = new String(header.bytes(signatureLength, "signature"), StandardCharsets.ISO_8859_1);
        if (signature.equals(SIGNATURE_BIG_ENDIAN)) {
            throw header.error("big-endian typedstream is not supported");
        }
        if (!signature.equals(SIGNATURE_LITTLE_ENDIAN)) {
            throw header.error("signature \"" + signature + "\" is not \"streamtyped\"");
        }
        header.integer(header.head(), true); // system version (1000 in every Messages blob); not needed to read
        return new TypedStreamReader(blob, header.position());
    }

    /** The next top-level group's values. */
    List<Object> readGroup() throws AppleDecodeException {
        return group(cursor.head());
    }

    private List<Object> group(int head) throws AppleDecodeException {
        int index = sharedStringIndex(head);
        if (index < 0) {
            throw cursor.error("nil type encoding");
        }
        List<TypeEncoding> types = encodings.get(index);
        if (types == null) {
            types = TypeEncoding.parseAll(decode(sharedStrings.get(index)));
            encodings.put(index, types);
        }
        List<Object> values = new ArrayList<>(types.size());
        for (TypeEncoding type : types) {
            values.add(value(type));
        }
        return values;
    }

    private Object value(TypeEncoding type) throws AppleDecodeException {
        if (--valueBudget < 0) {
            throw cursor.error("more values than a blob of this size can hold");
        }
        return switch (type) {
            case TypeEncoding.Simple simple -> simple(simple.code());
            case TypeEncoding.Array array -> array(array);
            case TypeEncoding.Struct struct -> {
                List<Object> fields = new ArrayList<>(struct.fields().size());
                for (TypeEncoding field : struct.fields()) {
                    fields.add(value(field));
                }
                yield fields;
            }
        };
    }

    private Object simple(char code) throws AppleDecodeException {
        return switch (code) {
            case '@' -> object(cursor.head());
            case '#' -> classChain(cursor.head());
            case '+' -> unsharedString(cursor.head());
            case '*' -> cString(cursor.head());
            case '%', ':' -> {
                int index = sharedStringIndex(cursor.head());
                yield index < 0 ? null : decode(sharedStrings.get(index));
            }
            case 'c' -> (long) cursor.rawByte(true);
            case 'C', 'B' -> (long) cursor.rawByte(false);
            case 's', 'i', 'l', 'q' -> cursor.integer(cursor.head(), true);
            case 'S', 'I', 'L', 'Q' -> cursor.integer(cursor.head(), false);
            case 'f' -> cursor.real(cursor.head(), false);
            case 'd' -> cursor.real(cursor.head(), true);
            default -> throw cursor.error("unsupported type '" + code + "'");
        };
    }

    private Object array(TypeEncoding.Array array) throws AppleDecodeException {
        if (array.isBytes()) {
            return cursor.bytes(array.count(), "byte array");
        }
        List<Object> elements = new ArrayList<>(Math.min(array.count(), 16));
        for (int i = 0; i < array.count(); i++) {
            elements.add(value(array.element()));
        }
        return elements;
    }

    private ArchivedObject object(int head) throws AppleDecodeException {
        if (head == TAG_NIL) {
            return null;
        }
        if (head != TAG_NEW) {
            Object entry = tableEntry(cursor.reference(head));
            if (entry instanceof ArchivedObject object) {
                return object;
            }
            throw cursor.error("object reference points at " + describe(entry));
        }
        if (++objectDepth > MAX_OBJECT_DEPTH) {
            throw cursor.error("objects nested deeper than " + MAX_OBJECT_DEPTH);
        }
        ArchivedObject object = new ArchivedObject();
        register(object);
        ArchivedClass archivedClass = classChain(cursor.head());
        if (archivedClass == null) {
            throw cursor.error("object without a class");
        }
        object.setArchivedClass(archivedClass);
        for (int h = cursor.head(); h != TAG_END; h = cursor.head()) {
            object.addGroup(group(h));
        }
        objectDepth--;
        return object;
    }

    /** A class chain: literal classes (subclass first) ended by nil or a reference to a known class. */
    private ArchivedClass classChain(int head) throws AppleDecodeException {
        List<String> names = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        while (head == TAG_NEW) {
            int nameIndex = sharedStringIndex(cursor.head());
            if (nameIndex < 0) {
                throw cursor.error("class without a name");
            }
            names.add(decode(sharedStrings.get(nameIndex)));
            versions.add(cursor.integer(cursor.head(), true));
            slots.add(register(PENDING_CLASS));
            if (names.size() > MAX_OBJECT_DEPTH) {
                throw cursor.error("class chain longer than " + MAX_OBJECT_DEPTH);
            }
            head = cursor.head();
        }
        ArchivedClass superclass = null;
        if (head != TAG_NIL) {
            Object entry = tableEntry(cursor.reference(head));
            if (!(entry instanceof ArchivedClass known)) {
                throw cursor.error("class reference points at " + describe(entry));
            }
            superclass = known;
        }
        if (superclass != null && superclass.depth() + names.size() > MAX_OBJECT_DEPTH) {
            throw cursor.error("class chain longer than " + MAX_OBJECT_DEPTH);
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            superclass = new ArchivedClass(names.get(i), versions.get(i), superclass);
            objects.set(slots.get(i), superclass);
        }
        return superclass;
    }

    /** Type {@code *}: nil, a literal (a shared string that also takes an object-table slot) or a reference. */
    private String cString(int head) throws AppleDecodeException {
        if (head == TAG_NIL) {
            return null;
        }
        if (head == TAG_NEW) {
            int index = sharedStringIndex(cursor.head());
            if (index < 0) {
                throw cursor.error("nil C string literal");
            }
            String value = decode(sharedStrings.get(index));
            register(new CString(value));
            return value;
        }
        Object entry = tableEntry(cursor.reference(head));
        if (entry instanceof CString cString) {
            return cString.value();
        }
        throw cursor.error("C string reference points at " + describe(entry));
    }

    /** Type {@code +}: nil, or an unsigned length and that many bytes. */
    private byte[] unsharedString(int head) throws AppleDecodeException {
        if (head == TAG_NIL) {
            return null;
        }
        return cursor.bytes(cursor.integer(head, false), "string");
    }

    /** The shared-string table index a head denotes (reading and registering a literal), or -1 for nil. */
    private int sharedStringIndex(int head) throws AppleDecodeException {
        if (head == TAG_NIL) {
            return -1;
        }
        if (head == TAG_NEW) {
            byte[] literal = unsharedString(cursor.head());
            if (literal == null) {
                throw cursor.error("nil shared-string literal");
            }
            if (sharedStrings.size() >= MAX_TABLE_ENTRIES) {
                throw cursor.error("more than " + MAX_TABLE_ENTRIES + " shared strings");
            }
            sharedStrings.add(literal);
            return sharedStrings.size() - 1;
        }
        int index = cursor.reference(head);
        if (index >= sharedStrings.size()) {
            throw cursor.error("shared-string reference " + index + " beyond " + sharedStrings.size() + " entries");
        }
        return index;
    }

    private Object tableEntry(int index) throws AppleDecodeException {
        if (index >= objects.size()) {
            throw cursor.error("object reference " + index + " beyond " + objects.size() + " entries");
        }
        return objects.get(index);
    }

    private int register(Object entry) throws AppleDecodeException {
        if (objects.size() >= MAX_TABLE_ENTRIES) {
            throw cursor.error("more than " + MAX_TABLE_ENTRIES + " objects");
        }
        objects.add(entry);
        return objects.size() - 1;
    }

    private static String describe(Object entry) {
        if (entry == PENDING_CLASS) {
            return "a class whose chain is still being read";
        }
        return switch (entry) {
            case ArchivedObject o -> "an object (" + o.className() + ")";
            case ArchivedClass c -> "a class (" + c.name() + ")";
            case CString s -> "a C string";
            default -> "an unknown entry";
        };
    }

    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
