package imbridge.core.attachment.audio;

/** A CAF file that cannot be read: truncated, not CAF at all, or with chunks that contradict each other. */
public final class CafFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CafFormatException(String message) {
        super(message);
    }
}
