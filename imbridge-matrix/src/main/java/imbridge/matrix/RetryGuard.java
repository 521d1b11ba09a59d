package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;

/**
 * Runs before a retry of a request that is not idempotent: the failed attempt may have taken effect
 * on the server (an answer lost on the way back), and the guard can find that effect.
 */
@FunctionalInterface
interface RetryGuard {

    /** The answer the request would have had if it already took effect, or null to retry it. */
    JsonNode beforeRetry() throws MatrixException;
}
