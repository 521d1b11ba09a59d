package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * An Objective-C type encoding as a typedstream group announces it (spec 3.2): single characters, {@code [Nx]}
 * arrays and {@code {name=...}} structs. A group's encoding string may hold several types ({@code "iI"}).
 */
sealed interface TypeEncoding {
    /** Brackets nest no deeper than this in anything Apple writes; deeper is hostile input. */
    int MAX_NESTING = 16;
    /** Type characters a typedstream may carry (see spec 3.2's table). */
    String SIMPLE_TYPES = "@#+*%:cCBsSiIlLqQfd";

    /** One of {@link #SIMPLE_TYPES}. */
    record Simple(char code) implements TypeEncoding {}

    /** {@code [count element]}. */
    record Array(int count, TypeEncoding element) implements TypeEncoding {
        boolean isBytes() {
            return element instanceof Simple s && (s.code() == 'c' || s.code() == 'C');
        }
    }

    /** {@code {name=fields}}. */
    record Struct(String name, List<TypeEncoding> fields) implements TypeEncoding {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** Splits a group's encoding string into its types. */
    static List<TypeEncoding> parseAll(String encoding) throws AppleDecodeException {
        Parser parser = new Parser(encoding);
        List<TypeEncoding> types = new ArrayList<>();
        while (!parser.atEnd()) {
            types.add(parser.next(0));
        }
        if (types.isEmpty()) {
            throw new AppleDecodeException("typedstream: empty type encoding");
        }
        return List.copyOf(types);
    }

    /** A recursive-descent parser over one encoding string. */
    final class Parser {
        private final String text;
        private int index;

        private Parser(String text) {
            this.text = text;
        }

        private boolean atEnd() {
            return index >= text.length();
        }

        private TypeEncoding next(int depth) throws AppleDecodeException {
            if (depth > MAX_NESTING) {
                throw fail("nested deeper than " + MAX_NESTING);
            }
            char c = text.charAt(index++);
            if (SIMPLE_TYPES.indexOf(c) >= 0) {
                return new Simple(c);
            }
            return switch (c) {
                case '[' -> array(depth);
                case '{' -> struct(depth);
                default -> throw fail("unsupported type character '" + c + "'");
            };
        }

        private TypeEncoding array(int depth) throws AppleDecodeException {
            long count = 0;
            int digits = 0;
            while (!atEnd() && Character.isDigit(text.charAt(index))) {
                count = count * 10 + (text.charAt(index++) - '0');
                if (count > Integer.MAX_VALUE) {
                    throw fail("array count too large");
                }
                digits++;
            }
            if (digits == 0 || atEnd()) {
                throw fail("array without count or element type");
            }
            TypeEncoding element = next(depth + 1);
            expect(']');
            return new Array((int) count, element);
        }

        private TypeEncoding struct(int depth) throws AppleDecodeException {
            int equals = text.indexOf('=', index);
            if (equals < 0) {
                throw fail("struct without '='");
            }
            String name = text.substring(index, equals);
            index = equals + 1;
            List<TypeEncoding> fields = new ArrayList<>();
            while (!atEnd() && text.charAt(index) != '}') {
                fields.add(next(depth + 1));
            }
            expect('}');
            if (fields.isEmpty()) {
                throw fail("struct " + name + " without fields");
            }
            return new Struct(name, fields);
        }

        private void expect(char c) throws AppleDecodeException {
            if (atEnd() || text.charAt(index) != c) {
                throw fail("expected '" + c + "'");
            }
            index++;
        }

        private AppleDecodeException fail(String message) {
            return new AppleDecodeException("typedstream: type encoding \"" + text + "\": " + message);
        }
    }
}
