package imbridge.cloudkit;

import imbridge.core.port.CloudSourceException;
import java.time.Duration;

/**
 * A failed CloudKit request as the wire said it: the core's {@link CloudSourceException} plus the HTTP status
 * (0 when no answer arrived). Whether it is worth asking again is decided here, from code, status and hint
 * ({@link CloudKitErrors#isTransient}), so the engine never looks at a status.
 */
public class CloudKitRequestException extends CloudSourceException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    /** The message reads {@code serverErrorCode (HTTP status): reason}. */
    public CloudKitRequestException(
            String serverErrorCode, int httpStatus, String reason, Duration retryAfter, Throwable cause) {
        this(
                serverErrorCode,
                httpStatus,
                retryAfter,
                CloudKitErrors.isTransient(serverErrorCode, httpStatus, retryAfter),
                serverErrorCode + " (HTTP " + httpStatus + "): " + reason,
                cause);
    }

    /** For a request whose worth retrying and wording differ from a database request's (asset downloads). */
    protected CloudKitRequestException(
            String serverErrorCode,
            int httpStatus,
            Duration retryAfter,
            boolean isTransient,
            String message,
            Throwable cause) {
        super(serverErrorCode, retryAfter, isTransient, message, cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
