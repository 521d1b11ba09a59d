package imbridge.matrix;

import imbridge.core.model.ContactCard;
import imbridge.core.port.ContactBook;
import imbridge.core.port.MatrixException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ghosts (one per remote handle): registered with their display name and avatar once per run, and joined to
 * rooms, with the memberships known to be joined cached so a send costs one request. A cached membership can go
 * stale (the ghost left or was kicked); {@link #asJoined} notices the refusal, joins again and retries once. The
 * owner's own handles map to the owner's real account instead when double puppeting is on ({@link OwnerAccount}):
 * it joins the same way, through masquerading, and is never registered or renamed.
 */
final class GhostMembers {
    private final AppserviceSession session;
    private final MatrixClient client;
    private final StartupHandshake handshake;
    private final GhostAvatars avatars;
    private final OwnerAccount owner;
    private final String displaynameTemplate;
    /** Ghosts registered (or found already registered) with their display name set, by MXID. */
    private final Set<String> readyGhosts = ConcurrentHashMap.newKeySet();
    /** {@code roomId + " " + ghost MXID} of memberships known to be joined. */
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    /** Names and photos of ghosts; {@link ContactBook#NONE} shows the raw handle (the CloudKit path). */
    private volatile ContactBook contacts = ContactBook.NONE;

    GhostMembers(
            AppserviceSession session,
            StartupHandshake handshake,
            GhostAvatars avatars,
            OwnerAccount owner,
            String displaynameTemplate) {
        this.session = session;
        this.client = session.client();
        this.handshake = handshake;
        this.avatars = avatars;
        this.owner = owner;
        this.displaynameTemplate = displaynameTemplate;
    }

    OwnerAccount owner() {
        return owner;
    }

    /** The MXID that acts for {@code handle}: the owner's account for an own handle when puppeting, else a ghost. */
    String memberFor(String handle) {
        return owner.speaksFor(handle) ? owner.userId() : session.ghosts().userId(handle);
    }

    /** The handle as the address book shows it (a contact's name), else as people write it ({@code +1 555-…}). */
    String shownName(String handle) {
        return contacts.lookup(handle)
                .map(ContactCard::displayName)
                .filter(n -> !n.isBlank())
                .orElseGet(() -> NameTemplate.forPeople(handle));
    }

    /** Double puppeting: the owner's account accepts its invite to a new portal room (a no-op without it). */
    void joinOwner(String roomId) throws MatrixException {
        if (owner.puppeting() && !owner.ownHandles().isEmpty()) {
            ensureJoined(roomId, owner.ownHandles().iterator().next());
        }
    }

    /** A request made as a joined ghost. */
    @FunctionalInterface
    interface GhostRequest<T> {
        T run(String ghost) throws MatrixException;
    }

    void useContacts(ContactBook book) {
        this.contacts = book == null ? ContactBook.NONE : book;
    }

    long avatarsNotSet() {
        return avatars.notSet();
    }

    /**
     * Makes sure the handle's ghost (or the owner's account, see {@link #memberFor}) is joined to the room
     * (idempotent, cached); returns its MXID.
     */
    String ensureJoined(String roomId, String handle) throws MatrixException {
        String ghost = memberFor(handle);
        String membership = membershipKey(roomId, ghost);
        if (joined.contains(membership)) {
            return ghost;
        }
        ensureGhost(handle);
        String joinPath = AppserviceSession.roomPath(roomId) + "/join";
        try {
            client.postJson(joinPath, ghost, Map.of());
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode())) {
                throw e;
            }
            // Not invited (e.g. a sender who was not a member when the room was created): bot invites, ghost joins.
            client.postJson(AppserviceSession.roomPath(roomId) + "/invite", session.bot(), Map.of("user_id", ghost));
            client.postJson(joinPath, ghost, Map.of());
        }
        joined.add(membership);
        return ghost;
    }

    /**
     * Runs {@code request} as the handle's ghost, joined first. A refusal while our cache said "joined" means the
     * cache was stale (the ghost left or was kicked): join again and retry once.
     */
    <T> T asJoined(String roomId, String handle, GhostRequest<T> request) throws MatrixException {
        String ghost = ensureJoined(roomId, handle);
        try {
            return request.run(ghost);
        } catch (MatrixException e) {
            if (!"M_FORBIDDEN".equals(e.errcode()) || !joined.remove(membershipKey(roomId, ghost))) {
                throw e;
            }
            ensureJoined(roomId, handle);
            return request.run(ghost);
        }
    }

    /**
     * Registers the handle's ghost with its display name (and avatar) once per run; returns its MXID. For an own
     * handle while double puppeting, the owner's account: it exists, and its profile is the owner's own.
     */
    String ensureGhost(String handle) throws MatrixException {
        if (owner.speaksFor(handle)) {
            return owner.userId();
        }
        String ghost = session.ghosts().userId(handle);
        if (readyGhosts.contains(ghost)) {
            return ghost;
        }
        handshake.register(session.ghosts().localpart(handle));
        Optional<ContactCard> card = contacts.lookup(handle);
        String name = NameTemplate.render(displaynameTemplate, handle, shownName(handle));
        client.putJson(
                AppserviceSession.CLIENT_V3 + "/profile/" + MatrixClient.segment(ghost) + "/displayname",
                Map.of(),
                ghost,
                Map.of("displayname", name));
        if (card.isPresent() && card.get().hasPhoto()) {
            avatars.set(handle, ghost, card.get());
        }
        readyGhosts.add(ghost);
        return ghost;
    }

    /** Drops cached ghost memberships of a room we left, so nothing trusts them later. */
    void forgetRoom(String roomId) {
        joined.removeIf(key -> key.startsWith(roomId + " "));
    }

    private static String membershipKey(String roomId, String ghost) {
        return roomId + " " + ghost;
    }
}
