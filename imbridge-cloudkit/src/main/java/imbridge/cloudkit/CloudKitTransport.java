package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.CloudSourceException;
import java.io.InputStream;

/**
 * One CloudKit exchange, with no retries. This is the seam for retry, rate-limit or fault-injection
 * decorators: {@link CloudKitClient} only decodes what a transport returns.
 */
public interface CloudKitTransport {

    /**
     * POSTs {@code body} to {@code <databaseUrl>/<operation>} and returns the JSON of a 2xx answer. The body is
     * decoded leniently: bytes that are not UTF-8 become U+FFFD and the answer says so.
     *
     * @throws CloudSourceException with CloudKit's code for an error answer, {@link CloudKitErrors#TRANSPORT}
     *                              for I/O failures and {@link CloudKitErrors#BAD_RESPONSE} for a 2xx body that
     *                              is not (complete) JSON
     */
    CloudKitAnswer post(String operation, JsonNode body) throws CloudSourceException;

    /**
     * Streams the bytes at an asset's download URL; the caller closes the stream.
     *
     * @throws CloudSourceException an {@link AssetDownloadException} for an error answer, {@link
     *                              CloudKitErrors#TRANSPORT} for I/O failures, timeouts and interrupts, and {@link
     *                              CloudKitErrors#BAD_RESPONSE} for a URL that is not http(s)
     */
    InputStream download(String downloadUrl) throws CloudSourceException;
}
