package imbridge.matrix;

import java.io.IOException;
import java.net.http.HttpTimeoutException;

/** Why a Client-Server request was retried (behaviour.md §BF6.9); the label is what reports print. */
public enum RetryCause {
    RATE_LIMITED("429"),
    BAD_GATEWAY("502"),
    UNAVAILABLE("503"),
    GATEWAY_TIMEOUT("504"),
    /** No answer in time (request timeout). */
    TIMEOUT("timeout"),
    /** Connection refused, reset or closed without an answer. */
    TRANSPORT("transport");

    private final String label;

    RetryCause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The cause for a retryable HTTP status, or null when the status must not be retried. */
    static RetryCause ofStatus(int status) {
        return switch (status) {
            case 429 -> RATE_LIMITED;
            case 502 -> BAD_GATEWAY;
            case 503 -> UNAVAILABLE;
            case 504 -> GATEWAY_TIMEOUT;
            default -> null;
        };
    }

    static RetryCause ofTransport(IOException e) {
        return e instanceof HttpTimeoutException ? TIMEOUT : TRANSPORT;
    }
}
