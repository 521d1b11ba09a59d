package imbridge.matrix;

import imbridge.core.port.MatrixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which media API the homeserver speaks: the authenticated one ({@code /_matrix/client/v1/media}, Matrix v1.11) or
 * only the legacy {@code /_matrix/media/v3}. The first request tries the authenticated endpoint; when the homeserver
 * does not know it (see {@link #unknownEndpoint}) that request and every later one of this run use the legacy
 * endpoint, so a homeserver without authenticated media costs one failed request, not one per download.
 */
final class MediaEndpoints {
    private static final Logger log = LoggerFactory.getLogger(MediaEndpoints.class);
    static final String AUTHENTICATED = "/_matrix/client/v1/media";
    static final String LEGACY = "/_matrix/media/v3";

    /** A request against one media API, given that API's prefix. */
    interface Request<T> {
        T at(String prefix) throws MatrixException;
    }

    private volatile boolean legacy;

    /** Runs {@code request} against the authenticated API, or the legacy one once the homeserver proved to lack it. */
    <T> T call(Request<T> request) throws MatrixException {
        if (legacy) {
            return request.at(LEGACY);
        }
        try {
            return request.at(AUTHENTICATED);
        } catch (MatrixException e) {
            if (!unknownEndpoint(e)) {
                throw e;
            }
            if (!legacy) {
                legacy = true;
                log.info(
                        "Homeserver has no authenticated media ({}); using the legacy {} endpoints for this run",
                        e.getMessage(),
                        LEGACY);
            }
            return request.at(LEGACY);
        }
    }

    boolean usesLegacy() {
        return legacy;
    }

    /**
     * A homeserver without the endpoint: {@code M_UNRECOGNIZED} with 400 (Synapse before 1.11x), 404 or 405, or a
     * bare 405 (a proxy that knows the path for other methods only).
     */
    static boolean unknownEndpoint(MatrixException e) {
        int status = MatrixRequestException.httpStatusOf(e);
        return status == 405 || ("M_UNRECOGNIZED".equals(e.errcode()) && (status == 400 || status == 404));
    }
}
