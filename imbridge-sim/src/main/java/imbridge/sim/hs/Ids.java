package imbridge.sim.hs;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers shaped like Synapse's. */
final class Ids {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = LETTERS + "0123456789";
    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    private Ids() {}

    /** Room-version-4+ style: {@code $} + 43 url-safe base64 characters, no server part. */
    static String eventId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "$" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String roomId(String serverName) {
        return "!" + random(LETTERS, 18) + ":" + serverName;
    }

    static String mediaId() {
        return random(ALNUM, 24);
    }

    static String deviceId() {
        return random(LETTERS, 10).toUpperCase();
    }

    static String accessToken(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 40; i++) {
            sb.append(ALNUM.charAt(TOKEN_RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    private static String random(String alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
