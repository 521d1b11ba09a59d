package imbridge.sim.hs;

import java.util.regex.Pattern;

/** Matrix user ID grammar checks. */
final class UserIds {
    /** Localparts a homeserver accepts for new registrations (spec "user identifiers"). */
    private static final Pattern NEW_LOCALPART = Pattern.compile("[a-z0-9._=\\-/+]+");

    private static final int MAX_LENGTH = 255;

    private UserIds() {}

    static boolean isValid(String userId) {
        if (userId == null || userId.length() > MAX_LENGTH || !userId.startsWith("@")) {
            return false;
        }
        int colon = userId.indexOf(':');
        return colon > 1 && colon < userId.length() - 1;
    }

    static String serverOf(String userId) {
        return userId.substring(userId.indexOf(':') + 1);
    }

    static boolean isValidNewLocalpart(String localpart) {
        return localpart != null
                && !localpart.isEmpty()
                && NEW_LOCALPART.matcher(localpart).matches();
    }

    static String requireValid(String userId, String what) {
        if (!isValid(userId)) {
            throw MatrixException.invalidParam(what + " is not a valid user ID: " + userId);
        }
        return userId;
    }
}
