package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;
import java.util.Map;

/**
 * The homeserver's media repository as the bot: uploads within the advertised limit, and downloads through the
 * authenticated media API, or the legacy one where the homeserver has no other ({@link MediaEndpoints}).
 */
final class MatrixMedia {
    private final AppserviceSession session;
    private final MediaEndpoints endpoints;

    MatrixMedia(AppserviceSession session, MediaEndpoints endpoints) {
        this.session = session;
        this.endpoints = endpoints;
    }

    /** Uploads media and returns its {@code mxc://} URI; over the homeserver's limit is 413 without a request. */
    String upload(byte[] data, String mimeType, String filename) throws MatrixException {
        long limit = session.maxUploadBytes();
        if (data.length > limit) {
            throw new MatrixRequestException(
                    "M_TOO_LARGE",
                    413,
                    "media of " + data.length + " bytes exceeds the homeserver's upload limit of " + limit,
                    null);
        }
        Map<String, String> query = filename == null || filename.isEmpty() ? Map.of() : Map.of("filename", filename);
        String contentType = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
        JsonNode answer =
                session.client().postBytes("/_matrix/media/v3/upload", query, session.bot(), data, contentType);
        return AppserviceSession.requireText(answer, "content_uri", "upload");
    }

    /** The bytes of an {@code mxc://server/id} file (the owner's outgoing media). */
    byte[] download(String mxcUrl) throws MatrixException {
        if (mxcUrl == null || !mxcUrl.startsWith("mxc://") || mxcUrl.indexOf('/', 6) < 0) {
            throw new MatrixRequestException("M_INVALID_PARAM", 400, "not an mxc:// URI: " + mxcUrl, null);
        }
        String rest = mxcUrl.substring(6);
        int slash = rest.indexOf('/');
        String tail = "/download/" + MatrixClient.segment(rest.substring(0, slash)) + "/"
                + MatrixClient.segment(rest.substring(slash + 1));
        return endpoints.call(prefix -> session.client().getBytes(prefix + tail, session.bot()));
    }
}
