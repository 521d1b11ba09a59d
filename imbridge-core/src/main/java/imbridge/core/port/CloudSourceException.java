package imbridge.core.port;

import java.time.Duration;
import java.util.Optional;

/**
 * A source request that failed. {@code serverErrorCode} is the source's code (CloudKit's, e.g. {@code THROTTLED},
 * or an adapter's own, e.g. {@code TRANSPORT}); {@code retryAfter} is the source's hint when it gave one;
 * {@link #isTransient()} is the adapter's verdict on whether asking again may succeed. How the transport said it
 * (an HTTP status, an SQLite code) stays in the adapter's subclass.
 */
public class CloudSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String serverErrorCode;
    private final Duration retryAfter;
    private final boolean isTransient;

    /** The message reads {@code serverErrorCode: reason}. */
    public CloudSourceException(
            String serverErrorCode, String reason, Duration retryAfter, boolean isTransient, Throwable cause) {
        this(serverErrorCode, retryAfter, isTransient, serverErrorCode + ": " + reason, cause);
    }

    /** For an adapter's subclass whose message says more than the code and the reason. */
    protected CloudSourceException(
            String serverErrorCode, Duration retryAfter, boolean isTransient, String message, Throwable cause) {
        super(message, cause);
        this.serverErrorCode = serverErrorCode;
        this.retryAfter = retryAfter;
        this.isTransient = isTransient;
    }

    public String serverErrorCode() {
        return serverErrorCode;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether asking again (the same page, the same asset) may succeed; false for bad requests or missing data. */
    public boolean isTransient() {
        return isTransient;
    }
}
