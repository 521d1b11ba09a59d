package imbridge.matrix;

/** Error codes this module puts in {@link imbridge.core.port.MatrixException} when the homeserver gave none. */
public final class MatrixErrors {
    /** The request never got an HTTP answer (connect, reset, timeout) on any attempt; status 0. */
    public static final String TRANSPORT = "TRANSPORT";
    /** The thread was interrupted while waiting to retry or for an answer; status 0. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The client was closed while the request waited to retry; status 0. */
    public static final String CANCELLED = "CANCELLED";
    /** A 2xx answer without the JSON the endpoint promises. */
    public static final String BAD_RESPONSE = "BAD_RESPONSE";
    /** An error answer without a Matrix error body (e.g. from a proxy). */
    public static final String UNKNOWN = "M_UNKNOWN";
    /** The homeserver does not speak a spec version this bridge needs. */
    public static final String UNSUPPORTED_HOMESERVER = "UNSUPPORTED_HOMESERVER";
    /** What to do about {@link #UNSUPPORTED_HOMESERVER}; the failure's message ends with it in parentheses. */
    public static final String UNSUPPORTED_HOMESERVER_FIX =
            "to try it anyway: --ignore-unsupported-server or homeserver.ignore_unsupported_server: true";

    private MatrixErrors() {}
}
