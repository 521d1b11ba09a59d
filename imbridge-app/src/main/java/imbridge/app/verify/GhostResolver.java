package imbridge.app.verify;

import imbridge.matrix.OwnerView;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a ghost's MXID back to the remote handle it stands for: {@code @<prefix><encoded handle>:<server>}
 * (wire-contracts.md §3). Anything else — another prefix, another server, a non-canonical encoding — is not a
 * ghost of this bridge.
 * <p>
 * With double puppeting the owner's own messages are sent by the owner's real account: {@link #withOwnerAccount}
 * names it, and {@link #senderProblem} then accepts it as the sender of the owner's parts (and of nothing else).
 * {@link #withNames} gives it the bridge's name templates, so ghost and DM names are expected as the bridge writes
 * them (by the bridge's own formatting function).
 */
public final class GhostResolver {
    public static final String IMESSAGE_PREFIX = "imessage_";

    private final String localpartPrefix;
    private final String serverName;
    /** The owner's real account, or null when only ghosts send. */
    private final String ownerAccount;
    /** The owner's parts must come from {@link #ownerAccount} (double puppeting on), not from the owner's ghost. */
    private final boolean ownerAccountRequired;
    /** The bridge's display-name and DM-name templates. */
    private final OwnerView names;

    /** @param serverName the homeserver's name, or null to accept ghosts on any server */
    public GhostResolver(String localpartPrefix, String serverName) {
        this(localpartPrefix, serverName, null, false, OwnerView.defaults(java.util.List.of()));
    }

    private GhostResolver(
            String localpartPrefix,
            String serverName,
            String ownerAccount,
            boolean ownerAccountRequired,
            OwnerView names) {
        this.localpartPrefix = Objects.requireNonNull(localpartPrefix, "localpartPrefix");
        this.serverName = serverName;
        this.ownerAccount = ownerAccount;
        this.ownerAccountRequired = ownerAccountRequired;
        this.names = Objects.requireNonNull(names, "names");
    }

    /** This resolver, expecting ghost and DM room names from the templates of {@code view} (the bridge's config). */
    public GhostResolver withNames(OwnerView view) {
        return new GhostResolver(localpartPrefix, serverName, ownerAccount, ownerAccountRequired, view);
    }

    /** The display name the bridge gives the ghost of {@code handle} whose plain name is {@code plainName}. */
    public String displayNameOf(String handle, String plainName) {
        return plainName == null ? null : names.displayName(handle, plainName);
    }

    /** The name the bridge gives the DM room with {@code handle} whose plain name is {@code plainName}. */
    public String dmRoomNameOf(String handle, String plainName) {
        return plainName == null ? null : names.dmRoomName(handle, plainName);
    }

    /**
     * This resolver, also accepting the owner's real account as the sender of the owner's own parts.
     *
     * @param required true when double puppeting is on: the owner's parts must come from that account, and one sent
     *                 by the ghost of the owner's handle is a wrong sender; false accepts either (a verifier that
     *                 does not know the bridge's config)
     */
    public GhostResolver withOwnerAccount(String ownerMxid, boolean required) {
        return new GhostResolver(
                localpartPrefix, serverName, Objects.requireNonNull(ownerMxid, "ownerMxid"), required, names);
    }

    /** Whether {@code mxid} is the owner's real account and that account sends for the bridge. */
    public boolean isOwnerAccount(String mxid) {
        return ownerAccount != null && ownerAccount.equals(mxid);
    }

    /**
     * Why {@code sender} cannot have sent a part expected from {@code expectedHandle}, or null when it can: the
     * handle's ghost, or for the owner's own parts ({@code fromMe}) the owner's account where it is named.
     */
    public String senderProblem(String sender, String expectedHandle, boolean fromMe) {
        if (fromMe && isOwnerAccount(sender)) {
            return null;
        }
        Optional<String> handle = handleOf(sender);
        if (fromMe && ownerAccountRequired) {
            return "sender " + sender + " is not the owner's own account " + ownerAccount + " (double puppeting is on)";
        }
        if (handle.isEmpty()) {
            return "sender " + sender + " is not a ghost; expected the ghost of " + expectedHandle;
        }
        if (!handle.get().equals(expectedHandle)) {
            return "sender " + sender + " is the ghost of " + handle.get() + ", expected " + expectedHandle;
        }
        return null;
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
