package imbridge.sim.hs;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory media store: direct uploads and MSC2246 create-then-upload. */
final class MediaRepository {
    static final long UNUSED_EXPIRY_MILLIS = 24 * 60 * 60 * 1000L;

    private final String serverName;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Media> media = new ConcurrentHashMap<>();

    /** @param bytes {@code null} while a created media ID still awaits its upload */
    record Media(String mediaId, String uploader, String contentType, String filename, byte[] bytes) {}

    MediaRepository(String serverName, long maxBytes, Clock clock) {
        this.serverName = serverName;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    long maxBytes() {
        return maxBytes;
    }

    String contentUri(String mediaId) {
        return "mxc://" + serverName + "/" + mediaId;
    }

    String store(String uploader, String contentType, String filename, byte[] bytes) {
        String mediaId = Ids.mediaId();
        media.put(mediaId, new Media(mediaId, uploader, contentType, filename, bytes));
        return mediaId;
    }

    String reserve(String uploader) {
        String mediaId = Ids.mediaId();
        media.put(mediaId, new Media(mediaId, uploader, null, null, null));
        return mediaId;
    }

    long unusedExpiresAt() {
        return clock.millis() + UNUSED_EXPIRY_MILLIS;
    }

    /** Fills a reserved media ID; only its creator may, and only once. */
    void fill(String server, String mediaId, String uploader, String contentType, String filename, byte[] bytes) {
        requireLocal(server);
        Media reserved = media.get(mediaId);
        if (reserved == null) {
            throw MatrixException.notFound("Unknown media ID");
        }
        if (!reserved.uploader().equals(uploader)) {
            throw MatrixException.forbidden("You may not upload to this media ID");
        }
        Media filled = new Media(mediaId, uploader, contentType, filename, bytes);
        // replace() compares the record, whose byte[] component compares by identity: only the empty one swaps.
        if (reserved.bytes() != null || !media.replace(mediaId, reserved, filled)) {
            throw new MatrixException(409, "M_CANNOT_OVERWRITE_MEDIA", "Media ID already has content");
        }
    }

    Media download(String server, String mediaId) {
        requireLocal(server);
        Media item = media.get(mediaId);
        if (item == null) {
            throw MatrixException.notFound("Not found");
        }
        if (item.bytes() == null) {
            throw new MatrixException(504, "M_NOT_YET_UPLOADED", "Media has not been uploaded yet");
        }
        return item;
    }

    private void requireLocal(String server) {
        if (!serverName.equals(server)) {
            throw MatrixException.notFound("Not found (this homeserver does not federate)");
        }
    }
}
