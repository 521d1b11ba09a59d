package imbridge.applelocal.codec;

/** Decodes an {@code attributedBody} (NSArchiver typedstream of an NSAttributedString). */
public final class TypedStreamDecoder {
    private TypedStreamDecoder() {
    }

    public static AttributedBody decode(byte[] blob) throws AppleDecodeException {
        throw new AppleDecodeException("typedstream decoding is being written in this branch");
    }
}
