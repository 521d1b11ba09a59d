package imbridge.core.port;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed CloudKit request. {@code serverErrorCode} is CloudKit's code (e.g. {@code THROTTLED}) or
 * {@code TRANSPORT} for I/O errors; {@code retryAfter} is the server's hint when it gave one.
 */
public class CloudSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String serverErrorCode;
    private final int httpStatus;
    private final Duration retryAfter;

    public CloudSourceException(
            String serverErrorCode, int httpStatus, String reason, Duration retryAfter, Throwable cause) {
        super(serverErrorCode + " (HTTP " + httpStatus + "): " + reason, cause);
        this.serverErrorCode = serverErrorCode;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public String serverErrorCode() {
        return serverErrorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
