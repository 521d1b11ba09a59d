package imbridge.matrix;

import imbridge.core.port.MatrixException;

/**
 * A failed Matrix request as the homeserver said it: the core's {@link MatrixException} plus the HTTP status (0
 * when no answer arrived: transport failure, interrupt, closed client). Only this module reads the status, e.g.
 * to tell an unreachable homeserver from a refusing one at start-up.
 */
public class MatrixRequestException extends MatrixException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    /** The message reads {@code errcode (HTTP status): message}. */
    public MatrixRequestException(String errcode, int httpStatus, String message, Throwable cause) {
        super(errcode, cause, errcode + " (HTTP " + httpStatus + "): " + message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The status behind {@code e}, or 0 when it did not come from a request (nothing was answered). */
    static int httpStatusOf(MatrixException e) {
        return e instanceof MatrixRequestException request ? request.httpStatus() : 0;
    }
}
