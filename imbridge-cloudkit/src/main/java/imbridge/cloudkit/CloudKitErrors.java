package imbridge.cloudkit;

import java.time.Duration;
import java.util.Set;

/** Error codes this client produces beside CloudKit's own, and which failures are worth retrying. */
public final class CloudKitErrors {

    /** Connection refused/reset, timeouts and other I/O failures before a complete response arrived. */
    public static final String TRANSPORT = "TRANSPORT";
    /** A 2xx response whose body is not the JSON shape the protocol promises. */
    public static final String BAD_RESPONSE = "BAD_RESPONSE";

    private static final Set<String> TRANSIENT_CODES =
            Set.of(TRANSPORT, "THROTTLED", "TRY_AGAIN_LATER", "ZONE_BUSY", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE");

    private CloudKitErrors() {}

    /**
     * Whether asking again (with the same token) may succeed: a retry-after hint, a transient code,
     * or a 5xx/429 status. Bad requests, authentication and missing zones are permanent.
     */
    static boolean isTransient(String serverErrorCode, int httpStatus, Duration retryAfter) {
        return retryAfter != null
                || TRANSIENT_CODES.contains(serverErrorCode)
                || httpStatus == 429
                || httpStatus >= 500;
    }
}
