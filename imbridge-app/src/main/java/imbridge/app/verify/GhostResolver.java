package imbridge.app.verify;

import java.util.Objects;
import java.util.Optional;

/**
 * Maps a ghost's MXID back to the remote handle it stands for: {@code @<prefix><encoded handle>:<server>}
 * (wire-contracts.md §3). Anything else — another prefix, another server, a non-canonical encoding — is not a
 * ghost of this bridge.
 */
public final class GhostResolver {
    public static final String IMESSAGE_PREFIX = "imessage_";

    private final String localpartPrefix;
    private final String serverName;

    /** @param serverName the homeserver's name, or null to accept ghosts on any server */
    public GhostResolver(String localpartPrefix, String serverName) {
        this.localpartPrefix = Objects.requireNonNull(localpartPrefix, "localpartPrefix");
        this.serverName = serverName;
    }

    /** iMessage ghosts on any server. */
    public static GhostResolver imessage() {
        return new GhostResolver(IMESSAGE_PREFIX, null);
    }

    public static GhostResolver imessage(String serverName) {
        return new GhostResolver(IMESSAGE_PREFIX, Objects.requireNonNull(serverName, "serverName"));
    }

    public Optional<String> handleOf(String mxid) {
        if (mxid == null || !mxid.startsWith("@")) {
            return Optional.empty();
        }
        int colon = mxid.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String localpart = mxid.substring(1, colon);
        String server = mxid.substring(colon + 1);
        if (!localpart.startsWith(localpartPrefix) || (serverName != null && !serverName.equals(server))) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalpartCodec.decode(localpart.substring(localpartPrefix.length())));
        } catch (IllegalArgumentException notCanonical) {
            return Optional.empty();
        }
    }

    /** The MXID a correct bridge uses for {@code handle}; needs a fixed server name. */
    public String mxidOf(String handle) {
        if (serverName == null) {
            throw new IllegalStateException("mxidOf needs a GhostResolver built with a server name");
        }
        return "@" + localpartPrefix + LocalpartCodec.encode(handle) + ":" + serverName;
    }
}
