package imbridge.matrix;

import imbridge.core.model.ContactCard;
import imbridge.core.port.MatrixException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact photos as ghost avatars: each photo is uploaded once per handle per run and set as the ghost's
 * {@code avatar_url}. A photo is cosmetic: when the homeserver refuses it (too large, an error that outlasted the
 * retries) the ghost goes on without one, logged with reason {@code AVATAR_NOT_SET} and counted.
 */
final class GhostAvatars {
    private static final Logger log = LoggerFactory.getLogger(GhostAvatars.class);
    private static final String CLIENT_V3 = "/_matrix/client/v3";

    /** Uploads bytes as the bot and answers the {@code mxc://} URI. */
    @FunctionalInterface
    interface Uploader {
        String upload(byte[] data, String mimeType, String filename) throws MatrixException;
    }

    private final MatrixClient client;
    private final Uploader uploader;
    private final Map<String, String> uploadedByHandle = new ConcurrentHashMap<>();
    private final LongAdder notSet = new LongAdder();

    GhostAvatars(MatrixClient client, Uploader uploader) {
        this.client = client;
        this.uploader = uploader;
    }

    /** Makes the card's photo the avatar of {@code ghost} (the ghost of {@code handle}). */
    void set(String handle, String ghost, ContactCard card) {
        try {
            String mxc = uploadedByHandle.get(handle);
            if (mxc == null) {
                mxc = uploader.upload(card.photo(), card.photoMime(), "avatar");
                uploadedByHandle.put(handle, mxc);
            }
            client.putJson(
                    CLIENT_V3 + "/profile/" + MatrixClient.segment(ghost) + "/avatar_url",
                    Map.of(),
                    ghost,
                    Map.of("avatar_url", mxc));
        } catch (MatrixException e) {
            notSet.increment();
            log.info("ghost {}: contact photo not set as avatar (reason=AVATAR_NOT_SET): {}", ghost, e.getMessage());
        }
    }

    long notSet() {
        return notSet.sum();
    }
}
