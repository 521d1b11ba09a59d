package imbridge.sim.cloudkit;

/**
 * A request the simulator refuses, answered as {@code {"serverErrorCode","reason","retryAfter"}}
 * with the code's HTTP status. {@code retryAfterSeconds} is null when the request must not be retried.
 */
final class CloudKitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ServerErrorCode code;
    private final Integer retryAfterSeconds;

    CloudKitException(ServerErrorCode code, String reason) {
        this(code, reason, null);
    }

    CloudKitException(ServerErrorCode code, String reason, Integer retryAfterSeconds) {
        super(reason);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static CloudKitException badRequest(String reason) {
        return new CloudKitException(ServerErrorCode.BAD_REQUEST, reason);
    }

    ServerErrorCode code() {
        return code;
    }

    String reason() {
        return getMessage();
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
