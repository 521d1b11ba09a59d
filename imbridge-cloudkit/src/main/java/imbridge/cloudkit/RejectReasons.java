package imbridge.cloudkit;

/**
 * The {@link imbridge.core.model.RecordReject#reason() reason} codes of quarantined records. They are
 * machine-comparable and use the simulator's vocabulary (wire-contracts.md §1 "Full record model"):
 * {@code KIND} or {@code KIND:<field>}. The human explanation goes to the log; the record itself is kept as raw JSON.
 */
public final class RejectReasons {
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String WRONG_TYPE = "WRONG_TYPE";
    public static final String INVALID_UTF8 = "INVALID_UTF8";
    /** The message GUID is not a UUID (or an attachment GUID is not short ASCII). */
    public static final String BAD_GUID = "BAD_GUID";
    /** The message time is before 2007 or after 2100. */
    public static final String ABSURD_TIMESTAMP = "ABSURD_TIMESTAMP";
    /** The text is longer than {@link #MAX_TEXT_CHARS} characters. */
    public static final String OVERSIZE_TEXT = "OVERSIZE_TEXT";
    /** A value of the right type that cannot be right (negative size, sizes that disagree, a relative URL…). */
    public static final String BAD_VALUE = "BAD_VALUE";
    /** A record of a type the zone never holds. */
    public static final String UNEXPECTED_RECORD_TYPE = "UNEXPECTED_RECORD_TYPE";
    /** CloudKit answered with a per-record error instead of the record. */
    public static final String SERVER_ERROR = "SERVER_ERROR";
    /** The change entry is not a JSON object. */
    public static final String NOT_A_RECORD = "NOT_A_RECORD";
    /** A bug in a decoder; the page goes on without the record. */
    public static final String DECODER_FAILED = "DECODER_FAILED";

    /** Texts longer than this many characters (code points) are quarantined. */
    public static final int MAX_TEXT_CHARS = 1_000_000;

    private RejectReasons() {}

    static String of(String kind, String field) {
        return kind + ":" + field;
    }
}
