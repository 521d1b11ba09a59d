package imbridge.app.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/** Fetches the simulator's ground truth over HTTP ({@code GET <sim>/_sim/truth}). */
public final class TruthClient {
    private static final String CONTAINER_PATH = "/database/";

    private TruthClient() {}

    public static GroundTruth fetch(String simBaseUrl) {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(HttpGet.TIMEOUT).build()) {
            return fetch(simBaseUrl, http);
        }
    }

    /**
     * @param simBaseUrl the simulator's base URL; a URL that includes the CloudKit container path
     *                   ({@code …/database/1/…}) is accepted too, so operators can paste what {@code sim} prints
     */
    public static GroundTruth fetch(String simBaseUrl, HttpClient http) {
        URI uri = URI.create(serverRoot(simBaseUrl) + "/_sim/truth");
        try {
            return GroundTruthParser.parse(new HttpGet(http, Map.of()).json(uri));
        } catch (IOException e) {
            // a refused connection has no message, only its type
            throw new UncheckedIOException(
                    "cannot read ground truth from " + uri + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        }
    }

    static String serverRoot(String simBaseUrl) {
        String base = HttpGet.trimSlash(simBaseUrl);
        int container = base.indexOf(CONTAINER_PATH);
        return container < 0 ? base : base.substring(0, container);
    }
}
