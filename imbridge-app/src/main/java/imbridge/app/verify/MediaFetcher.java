package imbridge.app.verify;

import java.io.IOException;
import java.io.InputStream;

/** Opens the bytes behind an {@code mxc://server/mediaId} URI; must be safe to call from several threads. */
@FunctionalInterface
public interface MediaFetcher {
    InputStream open(String mxcUri) throws IOException;
}
