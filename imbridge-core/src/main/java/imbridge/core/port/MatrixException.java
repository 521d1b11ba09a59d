package imbridge.core.port;

/** A Matrix request that failed for good (after the client's own retries), with the Matrix error code. */
public class MatrixException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errcode;
    private final int httpStatus;

    public MatrixException(String errcode, int httpStatus, String message, Throwable cause) {
        super(errcode + " (HTTP " + httpStatus + "): " + message, cause);
        this.errcode = errcode;
        this.httpStatus = httpStatus;
    }

    public String errcode() {
        return errcode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
