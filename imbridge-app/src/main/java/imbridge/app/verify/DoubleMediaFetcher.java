package imbridge.app.verify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/** Reads media bytes through the double's inspection API: {@code GET /_double/media/{server}/{mediaId}}. */
public final class DoubleMediaFetcher implements MediaFetcher {
    private final String base;
    private final HttpGet get;

    public DoubleMediaFetcher(String hsBaseUrl, HttpClient http) {
        this.base = HttpGet.trimSlash(hsBaseUrl);
        this.get = new HttpGet(http, Map.of());
    }

    @Override
    public InputStream open(String mxcUri) throws IOException {
        MxcUri mxc = MxcUri.parse(mxcUri);
        return get.stream(URI.create(
                base + "/_double/media/" + HttpGet.segment(mxc.server()) + "/" + HttpGet.segment(mxc.mediaId())));
    }
}
