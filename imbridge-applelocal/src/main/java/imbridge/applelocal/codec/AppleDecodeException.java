package imbridge.applelocal.codec;

/**
 * The only exception an Apple codec throws: the bytes are not what the format allows (truncated, a length past
 * the end, an unknown tag, a wrong class). The message says what was wrong and where, for the reject log.
 */
public final class AppleDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public AppleDecodeException(String message) {
        super(message);
    }

    public AppleDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
