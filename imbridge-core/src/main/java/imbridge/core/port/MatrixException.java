package imbridge.core.port;

/**
 * A Matrix request that failed for good (after the client's own retries), with the Matrix error code. How the
 * homeserver said it (the HTTP status) stays in the adapter's subclass.
 */
public class MatrixException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errcode;

    /** The message reads {@code errcode: message}. */
    public MatrixException(String errcode, String message, Throwable cause) {
        this(errcode, cause, errcode + ": " + message);
    }

    /** For an adapter's subclass whose message says more than the code and the reason. */
    protected MatrixException(String errcode, Throwable cause, String fullMessage) {
        super(fullMessage, cause);
        this.errcode = errcode;
    }

    public String errcode() {
        return errcode;
    }
}
