package imbridge.app.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * The simulator's ground truth over HTTP, one portal at a time: {@code GET /_sim/truth/portals} (the index, read
 * once) and {@code GET /_sim/truth/portals/{portalId}} per portal. The simulator serves the portals of the snapshot
 * its index was taken from, so both describe the same moment.
 */
public final class HttpTruthSource implements TruthSource {
    private final String root;
    private final HttpGet get;
    private final TruthSummary summary;

    /** Reads the index now. */
    public HttpTruthSource(String simBaseUrl, HttpClient http) {
        this.root = TruthClient.serverRoot(simBaseUrl);
        this.get = new HttpGet(http, Map.of());
        URI uri = URI.create(root + "/_sim/truth/portals");
        try {
            this.summary = GroundTruthParser.summary(get.json(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the ground truth index from " + uri + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        }
    }

    @Override
    public TruthSummary summary() {
        return summary;
    }

    @Override
    public ExpectedPortal portal(String portalId) {
        URI uri = URI.create(root + "/_sim/truth/portals/" + HttpGet.segment(portalId));
        try {
            ExpectedPortal portal;
            try (java.io.InputStream in = get.stream(uri)) { // parsed part by part: a huge chat is no JSON tree
                portal = GroundTruthParser.portal(in);
            }
            if (!portal.portalId().equals(portalId)) {
                throw new IllegalArgumentException(
                        "asked the truth for portal " + portalId + ", got " + portal.portalId());
            }
            return portal;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read portal " + portalId + " of the ground truth from " + uri + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        }
    }
}
