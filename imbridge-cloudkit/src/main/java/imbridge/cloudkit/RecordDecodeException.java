package imbridge.cloudkit;

/**
 * Why one record could not be decoded: a {@link RejectReasons reason code}, which becomes the
 * {@link imbridge.core.model.RecordReject}'s reason, and a human explanation (the exception message) for the log.
 */
final class RecordDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    private RecordDecodeException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    static RecordDecodeException missing(String field, String detail) {
        return new RecordDecodeException(RejectReasons.of(RejectReasons.MISSING_FIELD, field), detail);
    }

    static RecordDecodeException missing(String field) {
        return missing(field, "required field '" + field + "' is missing");
    }

    static RecordDecodeException wrongType(String field, String detail) {
        return new RecordDecodeException(RejectReasons.of(RejectReasons.WRONG_TYPE, field), detail);
    }

    static RecordDecodeException invalidUtf8(String field) {
        return new RecordDecodeException(
                RejectReasons.of(RejectReasons.INVALID_UTF8, field),
                "field '" + field + "' held bytes that are not UTF-8");
    }

    static RecordDecodeException badValue(String field, String detail) {
        return new RecordDecodeException(RejectReasons.of(RejectReasons.BAD_VALUE, field), detail);
    }

    /** A reason without a field: {@link RejectReasons#BAD_GUID}, {@link RejectReasons#ABSURD_TIMESTAMP}, …. */
    static RecordDecodeException of(String reason, String detail) {
        return new RecordDecodeException(reason, detail);
    }
}
