package imbridge.app.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A hand-built ground truth plus the rooms a perfect bridge would have produced from it, kept mutable so a
 * test can inject exactly one fault.
 */
final class Scenario {
    static final String SERVER = "localhost";
    static final String OWNER = "tel:+15550000001";
    static final String DM = "tel:+15551234567";
    static final String GROUP = "gid:1b2c3d4e-0000-4000-8000-00000000abcd";
    static final String FRIEND = "mailto:some.one_x@example.com";

    final GroundTruth truth;
    final Map<String, byte[]> media = new HashMap<>();
    final List<Room> rooms = new ArrayList<>();

    static final class Room {
        final String roomId;
        final String portalId;
        final List<DeliveredEvent> events = new ArrayList<>();
        /** The bridged user's membership as the homeserver reports it; null = none. */
        String ownerMembership;

        Room(String roomId, String portalId) {
            this.roomId = roomId;
            this.portalId = portalId;
        }
    }

    private Scenario(GroundTruth truth) {
        this.truth = truth;
    }

    /** Two portals: a DM with text and files, a group with an e-mail member and the owner's messages. */
    static Scenario small() {
        long t = 1_700_000_000_123L;
        List<ExpectedPart> dm = List.of(
                ExpectedPart.text("0c5e0001-aaaa-4bbb-8ccc-000000000001", t, DM, false, "hello"),
                ExpectedPart.text("0c5e0002-aaaa-4bbb-8ccc-000000000002", t + 1000, OWNER, true, "hi back"),
                file(
                        "0c5e0002-aaaa-4bbb-8ccc-000000000002",
                        0,
                        t + 1000,
                        OWNER,
                        true,
                        "IMG_0001.jpeg",
                        "image/jpeg",
                        1234),
                file("0c5e0003-aaaa-4bbb-8ccc-000000000003", 0, t + 2000, DM, false, "clip.mp4", "video/mp4", 4096),
                file("0c5e0003-aaaa-4bbb-8ccc-000000000003", 1, t + 2000, DM, false, "doc.pdf", "application/pdf", 77),
                ExpectedPart.text("0c5e0004-aaaa-4bbb-8ccc-000000000004", t + 3000, DM, false, "**Lunch**\nat noon?"));
        List<ExpectedPart> group = List.of(
                ExpectedPart.text("1d000001-aaaa-4bbb-8ccc-000000000001", t + 500, FRIEND, false, "group hello"),
                ExpectedPart.text("1d000002-aaaa-4bbb-8ccc-000000000002", t + 600, OWNER, true, "from me"),
                ExpectedPart.text("1d000003-aaaa-4bbb-8ccc-000000000003", t + 700, DM, false, "third"),
                file("1d000004-aaaa-4bbb-8ccc-000000000004", 0, t + 800, FRIEND, false, "voice.m4a", "audio/mp4", 300),
                ExpectedPart.text("1d000005-aaaa-4bbb-8ccc-000000000005", t + 900, FRIEND, false, "fifth"));
        GroundTruth truth = new GroundTruth(
                7L,
                new DatasetSize(2, 9, 4),
                List.of(OWNER),
                List.of(
                        new ExpectedPortal(DM, "dm", null, List.of(DM), dm),
                        new ExpectedPortal(GROUP, "group", "Friends", List.of(DM, FRIEND), group)));
        return perfect(truth);
    }

    /** One DM: a message, a text reply to it, and a photo-only reply to the reply (its {@code att0}). */
    static Scenario replies() {
        long t = 1_700_000_000_123L;
        List<ExpectedPart> dm = List.of(
                ExpectedPart.text("0c5e0001-aaaa-4bbb-8ccc-000000000001", t, DM, false, "hello"),
                ExpectedPart.text("0c5e0002-aaaa-4bbb-8ccc-000000000002", t + 1000, OWNER, true, "hi back")
                        .withReplyTo("0C5E0001-AAAA-4BBB-8CCC-000000000001"),
                file("0c5e0003-aaaa-4bbb-8ccc-000000000003", 0, t + 2000, DM, false, "p.jpeg", "image/jpeg", 12)
                        .withReplyTo("0c5e0002-aaaa-4bbb-8ccc-000000000002"));
        return perfect(new GroundTruth(
                7L,
                new DatasetSize(1, 3, 1),
                List.of(OWNER),
                List.of(new ExpectedPortal(DM, "dm", null, List.of(DM), dm))));
    }

    /** One DM: two messages, a ❤️ from the contact on the first and a 👍 of mine on the second. */
    static Scenario reactions() {
        long t = 1_700_000_000_123L;
        List<ExpectedPart> dm = List.of(
                ExpectedPart.text("0c5e0001-aaaa-4bbb-8ccc-000000000001", t, DM, false, "hello"),
                file("0c5e0002-aaaa-4bbb-8ccc-000000000002", 0, t + 1000, OWNER, true, "p.jpeg", "image/jpeg", 12),
                ExpectedPart.reaction(
                        "7a900001-aaaa-4bbb-8ccc-000000000001",
                        t + 2000,
                        DM,
                        false,
                        "❤️",
                        "0C5E0001-AAAA-4BBB-8CCC-000000000001"),
                ExpectedPart.reaction(
                        "7a900002-aaaa-4bbb-8ccc-000000000002",
                        t + 3000,
                        OWNER,
                        true,
                        "👍",
                        "0c5e0002-aaaa-4bbb-8ccc-000000000002"));
        return perfect(new GroundTruth(
                7L,
                new DatasetSize(1, 4, 1),
                List.of(OWNER),
                List.of(new ExpectedPortal(DM, "dm", null, List.of(DM), dm))));
    }

    /** {@code portals} portals sharing {@code parts} text parts (every 50th part a file). */
    static Scenario large(int portals, int parts) {
        Random random = new Random(42);
        List<List<ExpectedPart>> perPortal = new ArrayList<>();
        for (int p = 0; p < portals; p++) {
            perPortal.add(new ArrayList<>());
        }
        for (int i = 0; i < parts; i++) {
            String guid = String.format("%08x-0000-4000-8000-%012x", i, random.nextLong() & 0xffffffffffffL);
            String sender = i % 3 == 0 ? OWNER : "tel:+1555" + String.format("%07d", i % portals);
            ExpectedPart part = i % 50 == 0
                    ? file(guid, 0, 1_700_000_000_000L + i, sender, i % 3 == 0, "f" + i + ".jpeg", "image/jpeg", 64)
                    : ExpectedPart.text(guid, 1_700_000_000_000L + i, sender, i % 3 == 0, "message " + i);
            perPortal.get(i % portals).add(part);
        }
        List<ExpectedPortal> expected = new ArrayList<>();
        for (int p = 0; p < portals; p++) {
            expected.add(new ExpectedPortal(
                    "tel:+1555" + String.format("%07d", p), "dm", null, List.of(), perPortal.get(p)));
        }
        return perfect(new GroundTruth(1L, new DatasetSize(portals, parts, parts / 50), List.of(OWNER), expected));
    }

    private static Scenario perfect(GroundTruth truth) {
        Scenario scenario = new Scenario(truth);
        int n = 0;
        for (ExpectedPortal portal : truth.portals()) {
            Room room = scenario.addRoom("!room" + (n++) + ":" + SERVER, portal.portalId());
            Map<String, String> firstEventOfGuid = new java.util.HashMap<>();
            for (ExpectedPart part : portal.parts()) {
                if (part.isReaction()) {
                    String target = firstEventOfGuid.get(new PartId(part.target(), "text").guid());
                    room.events.add(scenario.reactionEvent(portal.portalId(), part, target, part.key()));
                    continue;
                }
                DeliveredEvent event = scenario.eventFor(portal.portalId(), part);
                firstEventOfGuid.putIfAbsent(part.id().guid(), event.eventId());
                if (part.replyTo() != null) {
                    String target = firstEventOfGuid.get(new PartId(part.replyTo(), "text").guid());
                    event = withContent(event, "m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", target)));
                }
                room.events.add(event);
            }
        }
        return scenario;
    }

    /** A room with the state a bridge portal room has (create, bot membership, m.bridge). */
    Room addRoom(String roomId, String portalId) {
        Room room = new Room(roomId, portalId);
        String bot = "@imessagebot:" + SERVER;
        room.events.add(state("m.room.create", bot, "", Map.of("creator", bot)));
        room.events.add(state("m.room.member", bot, bot, Map.of("membership", "join")));
        if (portalId != null) {
            Map<String, Object> bridge = Map.of(
                    "bridgebot",
                    bot,
                    "protocol",
                    Map.of("id", "imessage", "displayname", "iMessage"),
                    "channel",
                    Map.of("id", portalId));
            room.events.add(state("m.bridge", bot, "imessage://" + portalId, bridge));
            room.events.add(state("uk.half-shot.bridge", bot, "imessage://" + portalId, bridge));
        }
        rooms.add(room);
        return room;
    }

    DeliveredEvent eventFor(String portalId, ExpectedPart part) {
        Map<String, Object> content = new LinkedHashMap<>();
        if (part.isFile()) {
            String url = "mxc://" + SERVER + "/" + part.id().guid() + part.part();
            media.put(url, bytes(part.guid(), part.part(), part.size()));
            content.put("msgtype", ContentCheck.fileMsgtype(part.mime()));
            content.put("body", part.filename());
            content.put("filename", part.filename());
            content.put("url", url);
            content.put("info", Map.of("mimetype", part.mime(), "size", part.size()));
        } else {
            content.put("msgtype", "m.text");
            content.put("body", part.body());
        }
        content.put("com.imbridge.part", Map.of("guid", part.guid(), "part", part.part(), "portal", portalId));
        return new DeliveredEvent(eventId(), "m.room.message", ghost(part.sender()), part.ts(), content);
    }

    /** An {@code m.reaction} for a reaction part, annotating {@code targetEventId} with {@code key}. */
    DeliveredEvent reactionEvent(String portalId, ExpectedPart part, String targetEventId, String key) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", targetEventId, "key", key));
        content.put("com.imbridge.part", Map.of("guid", part.guid(), "part", part.part(), "portal", portalId));
        return new DeliveredEvent(eventId(), DeliveredEvent.REACTION, ghost(part.sender()), part.ts(), content);
    }

    static String ghost(String handle) {
        return "@imessage_" + LocalpartCodec.encode(handle) + ":" + SERVER;
    }

    Room room(String portalId) {
        return rooms.stream()
                .filter(r -> portalId.equals(r.portalId))
                .findFirst()
                .orElseThrow();
    }

    /** Timeline index of the {@code n}-th {@code m.room.message} of the portal's room. */
    int messageIndex(String portalId, int n) {
        List<DeliveredEvent> events = room(portalId).events;
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).isRoomMessage() && seen++ == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("portal " + portalId + " has no message #" + n);
    }

    DeliveredEvent message(String portalId, int n) {
        return room(portalId).events.get(messageIndex(portalId, n));
    }

    void replaceMessage(String portalId, int n, DeliveredEvent replacement) {
        room(portalId).events.set(messageIndex(portalId, n), replacement);
    }

    List<DeliveredRoom> delivered() {
        return rooms.stream()
                .map(r -> new DeliveredRoom(r.roomId, r.portalId, r.events, r.ownerMembership))
                .toList();
    }

    MediaFetcher fetcher() {
        return uri -> {
            byte[] bytes = media.get(uri);
            if (bytes == null) {
                throw new IOException("no media " + uri);
            }
            return new ByteArrayInputStream(bytes);
        };
    }

    VerificationReport compare() {
        return compare(truth);
    }

    /** Compares the rooms with another truth (e.g. this one plus deleted portals). */
    VerificationReport compare(GroundTruth other) {
        return ComparisonCore.compare(other, delivered(), fetcher(), GhostResolver.imessage(SERVER));
    }

    /**
     * This truth with {@code portalId} moved from the expected portals to the deleted ones, and with
     * {@code rejected} listed; the rooms stay as they are.
     */
    GroundTruth withDeleted(String portalId, List<RejectedRecord> rejected) {
        List<ExpectedPortal> kept = truth.portals().stream()
                .filter(p -> !p.portalId().equals(portalId))
                .toList();
        return new GroundTruth(truth.seed(), truth.dataset(), truth.ownerHandles(), kept, List.of(portalId), rejected);
    }

    static DeliveredEvent withContent(DeliveredEvent e, String key, Object value) {
        Map<String, Object> content = new LinkedHashMap<>(e.content());
        content.put(key, value);
        return new DeliveredEvent(e.eventId(), e.type(), e.sender(), e.originServerTs(), content, e.stateKey());
    }

    static DeliveredEvent withTs(DeliveredEvent e, long ts) {
        return new DeliveredEvent(e.eventId(), e.type(), e.sender(), ts, e.content(), e.stateKey());
    }

    static DeliveredEvent withSender(DeliveredEvent e, String sender) {
        return new DeliveredEvent(e.eventId(), e.type(), sender, e.originServerTs(), e.content(), e.stateKey());
    }

    static DeliveredEvent withEventId(DeliveredEvent e, String eventId) {
        return new DeliveredEvent(eventId, e.type(), e.sender(), e.originServerTs(), e.content(), e.stateKey());
    }

    private int nextEvent;

    String eventId() {
        return "$ev" + (nextEvent++) + ":" + SERVER;
    }

    private DeliveredEvent state(String type, String sender, String stateKey, Map<String, Object> content) {
        return new DeliveredEvent(eventId(), type, sender, 1_600_000_000_000L, content, stateKey);
    }

    static ExpectedPart file(
            String guid, int index, long ts, String sender, boolean fromMe, String filename, String mime, long size) {
        return ExpectedPart.file(
                guid, index, ts, sender, fromMe, filename, mime, size, sha256(bytes(guid, "att" + index, size)));
    }

    static byte[] bytes(String guid, String part, long size) {
        byte[] seed = (guid + part).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (seed[i % seed.length] * 31 + i);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
