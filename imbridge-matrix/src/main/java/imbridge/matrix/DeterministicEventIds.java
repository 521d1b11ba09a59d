package imbridge.matrix;

import imbridge.core.model.PartKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Event IDs for batch send (behaviour.md §BF6.7): {@code "$" + base64url_nopad(SHA-256(roomId ‖ 0x00 ‖
 * messageId ‖ 0x00 ‖ partId)) + ":" + idServer}. The message ID is the normalised GUID, so the same part
 * always gets the same ID in the same room, and a resent batch can be recognised.
 */
final class DeterministicEventIds {
    private DeterministicEventIds() {}

    static String of(String roomId, PartKey key, String idServer) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
        sha.update(roomId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(key.guidNorm().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(key.part().getBytes(StandardCharsets.UTF_8));
        return "$" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()) + ":" + idServer;
    }

    /** The ID server when the network has no URL of its own: {@code backfill.<homeserver domain>}. */
    static String idServer(String domain) {
        return "backfill." + domain;
    }
}
