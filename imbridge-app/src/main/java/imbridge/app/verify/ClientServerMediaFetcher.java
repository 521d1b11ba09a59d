package imbridge.app.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads media bytes through the standard, authenticated media API
 * ({@code GET /_matrix/client/v1/media/download/{server}/{mediaId}}), falling back to the legacy
 * {@code /_matrix/media/v3/download/...} on homeservers that do not know the new endpoint. The fallback is
 * remembered for the fetcher's life: such a homeserver costs one refused request, not one per file.
 */
public final class ClientServerMediaFetcher implements MediaFetcher {
    private static final Logger log = LoggerFactory.getLogger(ClientServerMediaFetcher.class);
    private static final String AUTHENTICATED = "/_matrix/client/v1/media/download/";
    private static final String LEGACY = "/_matrix/media/v3/download/";

    private final ClientServerHttp http;
    private volatile boolean legacy;

    public ClientServerMediaFetcher(ClientServerHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public InputStream open(String mxcUri) throws IOException {
        MxcUri mxc = MxcUri.parse(mxcUri);
        String tail = HttpGet.segment(mxc.server()) + "/" + HttpGet.segment(mxc.mediaId());
        if (legacy) {
            return http.stream(LEGACY + tail, Map.of());
        }
        try {
            return http.stream(AUTHENTICATED + tail, Map.of());
        } catch (ClientServerHttp.MatrixHttpException e) {
            if (!unknownEndpoint(e)) {
                throw e;
            }
            if (!legacy) {
                legacy = true;
                log.info(
                        "{} has no authenticated media (HTTP {} {}); reading media through {} from now on",
                        http.baseUrl(),
                        e.status(),
                        e.errcode(),
                        LEGACY);
            }
            return http.stream(LEGACY + tail, Map.of());
        }
    }

    /** Whether the homeserver proved to have only the legacy media API. */
    boolean usesLegacy() {
        return legacy;
    }

    /**
     * A homeserver without the endpoint: {@code M_UNRECOGNIZED} with 400 (Synapse before authenticated media, e.g.
     * 1.67), 404 or 405, or a bare 405.
     */
    static boolean unknownEndpoint(ClientServerHttp.MatrixHttpException e) {
        return e.status() == 405 || ("M_UNRECOGNIZED".equals(e.errcode()) && (e.status() == 400 || e.status() == 404));
    }
}
