package imbridge.applelocal.codec;

import java.util.List;

/**
 * Decodes an {@code attributedBody} (NSArchiver typedstream of an NSAttributedString, spec 3) into its text, runs
 * and bubbles. The work is split: {@link TypedStreamReader} reads the object graph, {@link FoundationValues} turns
 * Foundation objects into Java values, {@link AttributedStringReader} extracts text and runs and
 * {@link BodyComponents} builds the bubbles. When this fails, {@link LegacyText} may still recover the plain text.
 */
public final class TypedStreamDecoder {
    private TypedStreamDecoder() {}

    /**
     * Only the first top-level value (the root object) is read; Messages blobs end there.
     *
     * @throws AppleDecodeException for anything but a well-formed little-endian typedstream whose first value is an
     *                              NSAttributedString (or NSString)
     */
    public static AttributedBody decode(byte[] blob) throws AppleDecodeException {
        TypedStreamReader reader = TypedStreamReader.open(blob);
        List<Object> root = reader.readGroup();
        if (root.size() != 1 || !(root.getFirst() instanceof ArchivedObject object)) {
            throw new AppleDecodeException("typedstream: the first group is not a single object");
        }
        AttributedStringReader.TextAndRuns decoded = AttributedStringReader.read(object, new FoundationValues());
        return new AttributedBody(decoded.text(), decoded.runs(), BodyComponents.build(decoded.text(), decoded.runs()));
    }
}
