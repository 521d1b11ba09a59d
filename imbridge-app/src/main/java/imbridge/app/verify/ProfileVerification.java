package imbridge.app.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ghost profiles and DM room names against the truth (local Apple sources, whose address book names people):
 * <ul>
 *   <li>each expected ghost's {@code displayname} must equal the truth's name filled into the bridge's display-name
 *       template ({@link GhostResolver#withNames}; the plain name by default); its avatar must be absent when the truth
 *       has none, and otherwise an {@code mxc://} URI whose bytes have the truth's SHA-256;</li>
 *   <li>each expected DM portal's room (the one the user still sees) must carry the truth's name in its latest
 *       {@code m.room.name} state (through the DM name template), or without one the name of its counterpart.</li>
 * </ul>
 * Every difference is one <b>profile mismatch</b>.
 */
public final class ProfileVerification {
    static final int SAMPLE_LIMIT = 20;

    /**
     * @param ghostsChecked     expected ghosts whose profile was read
     * @param avatarsChecked    of those, ghosts expected to have an avatar
     * @param dmNamesChecked    DM rooms whose name was compared
     * @param profileMismatches differences found (each ghost and each room counts at most once)
     */
    public record Result(
            long ghostsChecked,
            long avatarsChecked,
            long dmNamesChecked,
            long profileMismatches,
            List<String> samples) {
        public Result {
            samples = List.copyOf(samples);
        }

        public boolean ok() {
            return profileMismatches == 0;
        }
    }

    private ProfileVerification() {}

    /**
     * @param ghosts must know the server name ({@link GhostResolver#imessage(String)}): it names each ghost's MXID
     */
    public static Result check(
            GroundTruth truth,
            List<DeliveredRoom> rooms,
            ProfileReader profiles,
            MediaFetcher media,
            GhostResolver ghosts) {
        return checkListed(
                truth.asSource().summary(),
                rooms.stream()
                        .map(r -> new RoomListing(r.roomId(), r.portalId(), r.ownerMembership(), roomName(r)))
                        .toList(),
                profiles,
                media,
                ghosts);
    }

    /** As {@link #check}, from the rooms' listing (their current names), which the streaming verifier keeps. */
    public static Result checkListed(
            TruthSummary truth,
            List<RoomListing> rooms,
            ProfileReader profiles,
            MediaFetcher media,
            GhostResolver ghosts) {
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(media, "media");
        List<String> samples = new ArrayList<>();
        long mismatches = 0;
        long avatars = 0;
        for (ExpectedGhost expected : truth.ghosts()) {
            String problem = ghostProblem(
                    expected.handle(),
                    ghosts.displayNameOf(expected.handle(), expected.displayName()),
                    expected.avatarSha256(),
                    ghosts.mxidOf(expected.handle()),
                    profiles,
                    media);
            avatars += expected.avatarSha256() == null ? 0 : 1;
            if (problem != null) {
                mismatches++;
                sample(samples, problem);
            }
        }
        long dmNames = 0;
        for (TruthSummary.PortalSummary portal : truth.portals()) {
            if (!"dm".equals(portal.kind())) {
                continue;
            }
            Optional<RoomListing> room = visibleRoom(rooms, portal.portalId());
            if (room.isEmpty()) {
                continue; // no room at all: the part comparison reports it as missing
            }
            dmNames++;
            String actual = room.get().name();
            String expected = ghosts.dmRoomNameOf(portal.portalId(), expectedDmName(truth, portal));
            if (!Objects.equals(expected, actual)) {
                mismatches++;
                sample(
                        samples,
                        "DM " + portal.portalId() + " (" + room.get().roomId() + "): room name " + quote(actual)
                                + ", expected " + quote(expected));
            }
        }
        return new Result(truth.ghosts().size(), avatars, dmNames, mismatches, samples);
    }

    /**
     * A DM's plain name: its contact's, or without one its counterpart's as the truth names the ghost (the formatted
     * number), so a client never names it after its members.
     */
    private static String expectedDmName(TruthSummary truth, TruthSummary.PortalSummary portal) {
        if (portal.name() != null) {
            return portal.name();
        }
        return truth.ghosts().stream()
                .filter(g -> g.handle().equals(portal.portalId()))
                .map(ExpectedGhost::displayName)
                .findFirst()
                .orElse(null);
    }

    /** The room's current name: the content of its latest {@code m.room.name} state event, null without one. */
    static String roomName(DeliveredRoom room) {
        String name = null;
        for (DeliveredEvent e : room.timeline()) {
            if ("m.room.name".equals(e.type()) && "".equals(e.stateKey())) {
                Object value = e.content().get("name");
                name = value instanceof String s && !s.isEmpty() ? s : null;
            }
        }
        return name;
    }

    private static String ghostProblem(
            String handle,
            String displayName,
            String avatarSha256,
            String mxid,
            ProfileReader profiles,
            MediaFetcher media) {
        ProfileReader.Profile profile;
        try {
            profile = profiles.profile(mxid).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile of " + mxid + " (" + handle + ")", e);
        }
        if (profile == null) {
            return "ghost " + mxid + ": no such user, expected " + quote(displayName);
        }
        if (!Objects.equals(displayName, profile.displayName())) {
            return "ghost " + mxid + ": displayname " + quote(profile.displayName()) + ", expected "
                    + quote(displayName);
        }
        if (avatarSha256 == null) {
            return profile.avatarUrl() == null
                    ? null
                    : "ghost " + mxid + ": avatar " + profile.avatarUrl() + ", expected none";
        }
        if (profile.avatarUrl() == null) {
            return "ghost " + mxid + ": no avatar, expected the contact's photo";
        }
        String actual = sha256(media, profile.avatarUrl());
        return avatarSha256.equals(actual)
                ? null
                : "ghost " + mxid + ": avatar bytes sha256 " + actual + ", expected " + avatarSha256;
    }

    /** The room of a portal that the user still sees (the first read when several claim it). */
    private static Optional<RoomListing> visibleRoom(List<RoomListing> rooms, String portalId) {
        return rooms.stream()
                .filter(r -> portalId.equals(r.portalId()) && !r.goneForOwner())
                .findFirst();
    }

    private static String sha256(MediaFetcher media, String mxc) {
        try (DigestInputStream in = new DigestInputStream(media.open(mxc), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static void sample(List<String> samples, String problem) {
        if (samples.size() < SAMPLE_LIMIT) {
            samples.add(problem);
        }
    }

    private static String quote(String s) {
        return s == null ? "none" : "'" + s + "'";
    }
}
