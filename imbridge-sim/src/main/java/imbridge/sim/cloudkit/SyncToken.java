package imbridge.sim.cloudkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sync tokens: opaque base64 text naming a zone and a position in its change history. A token from another
 * zone, from the future or in any other shape is a BAD_REQUEST.
 */
final class SyncToken {

    private static final String PREFIX = "cksim1";
    private static final String SEPARATOR = "|";

    private SyncToken() {}

    static String encode(String zoneName, long sequence) {
        String plain = PREFIX + SEPARATOR + zoneName + SEPARATOR + sequence;
        return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence a token stands for, checked against the zone it is used with. */
    static long decode(String token, String zoneName, long currentSequence) {
        String plain;
        try {
            plain = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CloudKitException.badRequest("malformed syncToken");
        }
        String[] fields = plain.split("\\|", -1);
        if (fields.length != 3 || !fields[0].equals(PREFIX)) {
            throw CloudKitException.badRequest("malformed syncToken");
        }
        if (!fields[1].equals(zoneName)) {
            throw CloudKitException.badRequest("syncToken belongs to another zone, not " + zoneName);
        }
        long sequence;
        try {
            sequence = Long.parseLong(fields[2]);
        } catch (NumberFormatException e) {
            throw CloudKitException.badRequest("malformed syncToken");
        }
        if (sequence < 0 || sequence > currentSequence) {
            throw CloudKitException.badRequest("syncToken is not from this zone's history");
        }
        return sequence;
    }
}
