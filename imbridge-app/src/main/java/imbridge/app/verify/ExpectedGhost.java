package imbridge.app.verify;

import java.util.Objects;

/**
 * What a remote handle's ghost must show: its display name and, when the person's contact has a photo, an avatar
 * with these bytes.
 *
 * @param avatarSha256 SHA-256 (lower-case hex) of the avatar's bytes; null = the ghost must have no avatar
 */
public record ExpectedGhost(String handle, String displayName, String avatarSha256) {
    public ExpectedGhost {
        Objects.requireNonNull(handle, "handle");
    }
}
