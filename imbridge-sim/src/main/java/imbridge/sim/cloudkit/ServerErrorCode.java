package imbridge.sim.cloudkit;

/** CloudKit Web Services {@code serverErrorCode} values with their HTTP status (field notes §C.1). */
public enum ServerErrorCode {
    BAD_REQUEST(400),
    AUTHENTICATION_FAILED(401),
    ACCESS_DENIED(403),
    NOT_FOUND(404),
    ZONE_NOT_FOUND(404),
    CONFLICT(409),
    /** The sync token is too old: the client must forget it and re-pull the zone from the beginning. */
    CHANGE_TOKEN_EXPIRED(410),
    QUOTA_EXCEEDED(413),
    AUTHENTICATION_REQUIRED(421),
    THROTTLED(429),
    INTERNAL_ERROR(500),
    TRY_AGAIN_LATER(503),
    ZONE_BUSY(503);

    private final int httpStatus;

    ServerErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
