package imbridge.app.verify;

import java.io.IOException;
import java.util.Optional;

/** Reads a user's public profile from the homeserver. */
@FunctionalInterface
public interface ProfileReader {

    /** @param avatarUrl the {@code mxc://} URI, or null */
    record Profile(String displayName, String avatarUrl) {}

    /** The profile, or empty when the homeserver knows no such user. */
    Optional<Profile> profile(String userId) throws IOException;
}
