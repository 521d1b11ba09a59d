package imbridge.app.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Reads media bytes through the standard, authenticated media API
 * ({@code GET /_matrix/client/v1/media/download/{server}/{mediaId}}), falling back to the legacy
 * {@code /_matrix/media/v3/download/...} on homeservers that do not know the new endpoint.
 */
public final class ClientServerMediaFetcher implements MediaFetcher {
    private static final String AUTHENTICATED = "/_matrix/client/v1/media/download/";
    private static final String LEGACY = "/_matrix/media/v3/download/";

    private final ClientServerHttp http;

    public ClientServerMediaFetcher(ClientServerHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public InputStream open(String mxcUri) throws IOException {
        MxcUri mxc = MxcUri.parse(mxcUri);
        String tail = HttpGet.segment(mxc.server()) + "/" + HttpGet.segment(mxc.mediaId());
        try {
            return http.stream(AUTHENTICATED + tail, Map.of());
        } catch (ClientServerHttp.MatrixHttpException e) {
            if (!unknownEndpoint(e)) {
                throw e;
            }
            return http.stream(LEGACY + tail, Map.of());
        }
    }

    /** Servers without authenticated media answer 404 M_UNRECOGNIZED (or 405) for the whole endpoint. */
    private static boolean unknownEndpoint(ClientServerHttp.MatrixHttpException e) {
        return e.status() == 405 || (e.status() == 404 && "M_UNRECOGNIZED".equals(e.errcode()));
    }
}
