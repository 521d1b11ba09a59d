package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.testing.ManualClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The live push stream over loopback (wire-contracts.md §1, "Live stream"), on a clock the test moves. */
class LiveFeedHttpTest {

    private static final Duration QUIET = Duration.ofSeconds(3);

    private final HttpClient client = HttpClient.newHttpClient();
    private final SimHttp http = new SimHttp();

    private static CloudKitSimulator start(long seed, double rate, Duration duration, ManualClock clock) {
        return CloudKitSimulator.start(SimConfig.defaults(seed, 8, 400)
                .withProfile(SimProfile.FULL)
                .withClock(clock)
                .withLiveRate(rate)
                .withLiveDuration(duration));
    }

    /** Moves the simulator's clock in small steps, running what falls due. */
    private static void advance(CloudKitSimulator sim, ManualClock clock, Duration by) {
        Duration step = Duration.ofMillis(100);
        for (Duration done = Duration.ZERO; done.compareTo(by) < 0; done = done.plus(step)) {
            clock.advance(step);
            sim.live().pump();
        }
    }

    @Test
    void theLivePhaseStreamsEveryKindInSeqOrderAndTheTruthFollows() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = start(13, 20, Duration.ofSeconds(20), clock);
                LiveStreamReader stream = new LiveStreamReader(client, sim.baseUrl())) {
            assertThat(stream.status()).isEqualTo(200);
            advance(sim, clock, Duration.ofSeconds(26));
            List<JsonNode> events = stream.take(400, QUIET);

            assertThat(events).hasSize(400);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
                assertThat(events.get(i).get("stored").asBoolean()).isFalse();
            }
            Set<String> kinds = new TreeSet<>();
            events.forEach(e -> kinds.add(e.get("kind").asText()));
            assertThat(kinds)
                    .containsExactlyInAnyOrder(
                            "MESSAGE",
                            "EDIT",
                            "UNSEND",
                            "READ_RECEIPT",
                            "DELIVERED",
                            "TYPING",
                            "RENAME",
                            "PARTICIPANTS",
                            "CHAT_DELETE");
            JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();
            Set<String> dropped = new HashSet<>();
            truth.get("live")
                    .get("expectedDrops")
                    .forEach(d -> dropped.add(d.get("guid").asText()));
            for (JsonNode e : events) {
                if (e.has("guid")) {
                    assertThat(e.get("guid").asText())
                            .isEqualTo(e.get("guid").asText().toUpperCase(Locale.ROOT));
                }
                if (e.get("kind").asText().equals("MESSAGE")
                        && !dropped.contains(e.get("guid").asText())) {
                    assertThat(e.get("ts").asLong())
                            .as("live is newer than history")
                            .isGreaterThan(GroundTruth.unixMillis(Timeline.SPAN_START_NS + Timeline.SPAN_NS));
                }
            }

            JsonNode live = truth.get("live");
            assertThat(live.get("enabled").asBoolean()).isTrue();
            assertThat(live.get("complete").asBoolean()).isTrue();
            assertThat(live.get("emitted").asLong()).isEqualTo(400);
            assertThat(live.get("lastSeq").asLong()).isEqualTo(400);
            assertThat(live.get("byKind").get("CHAT_DELETE").asLong()).isEqualTo(1);
            assertThat(live.get("expectedDrops").size()).isEqualTo(6);

            // the genuinely new message revives the deleted DM with nothing but the new message
            Conversation deletedDm = sim.dataset().conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.DELETED && c.kind() == Conversation.Kind.DM)
                    .findFirst()
                    .orElseThrow();
            assertThat(truth.get("revivedPortals")).extracting(JsonNode::asText).containsExactly(deletedDm.portalId());
            assertThat(truth.get("deletedPortals")).extracting(JsonNode::asText).contains(deletedDm.portalId());
            JsonNode revived = portal(truth, deletedDm.portalId());
            assertThat(revived.get("parts"))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.get("ts").asLong()).isGreaterThan(clock.millis() - 60_000));

            // every live message (not unsent, not a stale echo) is a part; an edited one says so
            Set<String> partGuids = new HashSet<>();
            truth.get("portals")
                    .forEach(p -> p.get("parts")
                            .forEach(part ->
                                    partGuids.add(part.get("guid").asText().toUpperCase(Locale.ROOT))));
            Set<String> unsent = new HashSet<>();
            events.stream()
                    .filter(e -> e.get("kind").asText().equals("UNSEND"))
                    .forEach(e -> unsent.add(e.get("targetGuid").asText()));
            for (JsonNode e : events) {
                if (e.get("kind").asText().equals("MESSAGE")
                        && !e.has("tapbackType")
                        && !dropped.contains(e.get("guid").asText())) {
                    assertThat(partGuids.contains(e.get("guid").asText()))
                            .as("part for " + e)
                            .isEqualTo(!unsent.contains(e.get("guid").asText()));
                }
            }
            JsonNode edit = events.stream()
                    .filter(e -> e.get("kind").asText().equals("EDIT")
                            && !unsent.contains(e.get("targetGuid").asText()))
                    .findFirst()
                    .orElseThrow();
            JsonNode edited = findPart(truth, edit.get("targetGuid").asText());
            assertThat(edited.get("edited").asBoolean()).isTrue();
            assertThat(edited.get("body").asText())
                    .isEqualTo(MessageBody.of(edit.get("newText").asText(), null));

            // CloudKit got every live message (lower-case GUID), a downloadable attachment included
            Set<String> cloudGuids = new HashSet<>();
            sim.dataset().messages().forEach(m -> cloudGuids.add(m.guid()));
            JsonNode firstMessage = events.stream()
                    .filter(e -> e.get("kind").asText().equals("MESSAGE")
                            && !dropped.contains(e.get("guid").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(cloudGuids).contains(firstMessage.get("guid").asText().toLowerCase(Locale.ROOT));
            JsonNode attachment = events.stream()
                    .filter(e -> e.has("attachments"))
                    .findFirst()
                    .orElseThrow()
                    .get("attachments")
                    .get(0);
            SimHttp.Response asset = http.get(attachment.get("downloadUrl").asText());
            assertThat(asset.status()).isEqualTo(200);
            assertThat(AssetBytes.sha256Hex(asset.body()))
                    .isEqualTo(attachment.get("sha256").asText());
            assertThat(asset.body()).hasSize(attachment.get("size").asInt());

            JsonNode stats = http.get(sim.baseUrl() + "/_sim/stats").json();
            assertThat(stats.get("liveConnections").asLong()).isEqualTo(1);
            assertThat(stats.get("liveEventsEmitted").asLong()).isEqualTo(400);
            assertThat(stats.get("liveAcked").asLong()).isZero();
        }
    }

    @Test
    void aReconnectReSendsTheWindowAsStoredThenEveryUnacknowledgedEvent() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = start(5, 10, Duration.ofSeconds(2), clock)) {
            List<JsonNode> first;
            LiveStreamReader old = new LiveStreamReader(client, sim.baseUrl());
            advance(sim, clock, Duration.ofSeconds(3));
            first = old.take(20, QUIET);
            assertThat(first).hasSize(20);
            assertThat(http.post(sim.baseUrl() + "/live/v1/ack", "{\"seq\":12}").status())
                    .isEqualTo(204);

            try (LiveStreamReader again = new LiveStreamReader(client, sim.baseUrl())) {
                assertThat(old.awaitEnd(QUIET))
                        .as("a new connection closes the old one")
                        .isTrue();
                List<JsonNode> replay = again.take(20, QUIET);
                assertThat(replay).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(seqs(1, 20));
                assertThat(replay).extracting(e -> e.get("stored").asBoolean()).containsExactlyElementsOf(flags(12, 8));
                assertThat(replay.get(3).get("kind").asText())
                        .isEqualTo(first.get(3).get("kind").asText());
            }
            old.close();
            advance(sim, clock, Duration.ofSeconds(31)); // the acknowledged ones fall out of the reconnect window
            try (LiveStreamReader late = new LiveStreamReader(client, sim.baseUrl())) {
                List<JsonNode> replay = late.take(20, Duration.ofMillis(500));
                assertThat(replay).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(seqs(13, 20));
                assertThat(replay)
                        .allSatisfy(e -> assertThat(e.get("stored").asBoolean()).isFalse());
            }
            assertThat(http.post(sim.baseUrl() + "/live/v1/ack", "{\"seq\":99}").status())
                    .isEqualTo(400);
            assertThat(http.post(sim.baseUrl() + "/live/v1/ack", "{\"seq\":\"x\"}")
                            .status())
                    .isEqualTo(400);
            assertThat(sim.live().acked()).isEqualTo(12);
            assertThat(sim.live().connections()).isEqualTo(3);
        }
    }

    @Test
    void aSendIsEchoedAsMineThenWrittenToCloudKitAndListedAsSentFromMatrix() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = start(9, 0, Duration.ofSeconds(20), clock);
                LiveStreamReader stream = new LiveStreamReader(client, sim.baseUrl())) {
            Conversation dm = sim.dataset().conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.ORDINARY && c.kind() == Conversation.Kind.DM)
                    .findFirst()
                    .orElseThrow();
            SimHttp.Response sent = http.post(
                    sim.baseUrl() + "/live/v1/send",
                    "{\"to\":\"" + dm.portalId() + "\",\"text\":\"sent from Matrix\"}");
            assertThat(sent.status()).isEqualTo(200);
            String guid = sent.json().get("guid").asText();
            assertThat(guid).isEqualTo(guid.toUpperCase(Locale.ROOT)).hasSize(36);

            advance(sim, clock, Duration.ofMillis(400));
            JsonNode echo = stream.next(QUIET);
            assertThat(echo.get("kind").asText()).isEqualTo("MESSAGE");
            assertThat(echo.get("guid").asText()).isEqualTo(guid);
            assertThat(echo.get("fromMe").asBoolean()).isTrue();
            assertThat(echo.get("text").asText()).isEqualTo("sent from Matrix");
            assertThat(echo.get("chatId").asText()).isEqualTo(dm.chatId());
            assertThat(sim.dataset().messages()).noneMatch(m -> m.guid().equalsIgnoreCase(guid));

            advance(sim, clock, Duration.ofSeconds(2));
            assertThat(sim.dataset().messages())
                    .anyMatch(m -> m.guid().equals(guid.toLowerCase(Locale.ROOT)) && m.fromMe());
            JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();
            assertThat(truth.get("live")
                            .get("sentFromMatrix")
                            .get(0)
                            .get("guid")
                            .asText())
                    .isEqualTo(guid);
            assertThat(truth.get("live")
                            .get("sentFromMatrix")
                            .get(0)
                            .get("text")
                            .asText())
                    .isEqualTo("sent from Matrix");
            assertThat(truth.get("live").get("enabled").asBoolean()).isFalse();
            assertThat(findPart(truth, guid))
                    .as("the owner's own event, not a ghost part")
                    .isNull();

            byte[] bytes = "hello file".getBytes();
            SimHttp.Response file = http.post(
                    sim.baseUrl() + "/live/v1/send",
                    "{\"to\":\"" + dm.portalId()
                            + "\",\"file\":{\"filename\":\"note.txt\",\"mimeType\":\"text/plain\",\"dataBase64\":\""
                            + Base64.getEncoder().encodeToString(bytes) + "\"}}");
            assertThat(file.status()).isEqualTo(200);
            advance(sim, clock, Duration.ofMillis(400));
            JsonNode fileEcho = stream.next(QUIET);
            JsonNode attachment = fileEcho.get("attachments").get(0);
            assertThat(attachment.get("filename").asText()).isEqualTo("note.txt");
            assertThat(http.get(attachment.get("downloadUrl").asText()).body()).isEqualTo(bytes);

            assertThat(http.post(sim.baseUrl() + "/live/v1/send", "{\"to\":\"tel:+19999999999\",\"text\":\"x\"}")
                            .json()
                            .get("errorCode")
                            .asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(http.post(sim.baseUrl() + "/live/v1/send", "{\"to\":\"tel:+19999999999\",\"text\":\"x\"}")
                            .status())
                    .isEqualTo(404);
            assertThat(http.post(sim.baseUrl() + "/live/v1/send", "{\"to\":\"" + dm.portalId() + "\"}")
                            .status())
                    .isEqualTo(400);
            assertThat(http.post(sim.baseUrl() + "/live/v1/send", "not json").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void theSameSeedAndClockGiveTheSameStream() throws Exception {
        assertThat(lines(31)).isEqualTo(lines(31)).isNotEqualTo(lines(32));
    }

    private List<String> lines(long seed) throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = start(seed, 10, Duration.ofSeconds(6), clock);
                LiveStreamReader stream = new LiveStreamReader(client, sim.baseUrl())) {
            advance(sim, clock, Duration.ofSeconds(7));
            List<String> out = new ArrayList<>();
            for (JsonNode e : stream.take(60, QUIET)) { // asset URLs name the port, which differs
                e.path("attachments")
                        .forEach(a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("downloadUrl"));
                out.add(e.toString());
            }
            assertThat(out).hasSize(60);
            return out;
        }
    }

    @Test
    void liveFaultsDropTheConnectionAndReconnectsCatchUp() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(3, 6, 200)
                .withClock(clock)
                .withFaults(Set.of(FaultFamily.LIVE))
                .withLiveRate(50)
                .withLiveDuration(Duration.ofSeconds(4)))) {
            Set<Long> fresh = new TreeSet<>();
            int connections = 0;
            while (fresh.size() < 200 && connections < 20) {
                connections++;
                try (LiveStreamReader stream = new LiveStreamReader(client, sim.baseUrl())) {
                    if (connections == 1) {
                        advance(sim, clock, Duration.ofSeconds(5));
                    }
                    for (JsonNode e = stream.next(QUIET); e != null; e = stream.next(QUIET)) {
                        if (!e.get("stored").asBoolean()) {
                            fresh.add(e.get("seq").asLong());
                            http.post(
                                    sim.baseUrl() + "/live/v1/ack",
                                    "{\"seq\":" + e.get("seq").asLong() + "}");
                        }
                    }
                }
            }
            assertThat(fresh).containsExactlyElementsOf(seqs(1, 200));
            assertThat(connections).isBetween(4, 9);
            assertThat(sim.stats().snapshot().faultsByCode().get("LIVE_DROP")).isEqualTo(connections - 1L);
        }
    }

    private static JsonNode portal(JsonNode truth, String portalId) {
        for (JsonNode portal : truth.get("portals")) {
            if (portal.get("portalId").asText().equals(portalId)) {
                return portal;
            }
        }
        throw new AssertionError("no portal " + portalId);
    }

    private static JsonNode findPart(JsonNode truth, String guid) {
        for (JsonNode portal : truth.get("portals")) {
            for (JsonNode part : portal.get("parts")) {
                if (part.get("guid").asText().equalsIgnoreCase(guid)
                        && part.get("part").asText().equals("text")) {
                    return part;
                }
            }
        }
        return null;
    }

    private static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    private static List<Boolean> flags(int stored, int fresh) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            out.add(true);
        }
        for (int i = 0; i < fresh; i++) {
            out.add(false);
        }
        return out;
    }

    @Test
    void aHeldScriptWaitsForItsReleaseAndEveryStreamedMessageHasAPushTime() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = start(17, 20, Duration.ofSeconds(10), clock)) {
            sim.live().holdScript();
            try (LiveStreamReader stream = new LiveStreamReader(client, sim.baseUrl())) {
                assertThat(stream.status()).isEqualTo(200);
                advance(sim, clock, Duration.ofSeconds(15));
                assertThat(sim.live().eventsEmitted())
                        .as("held: nothing planned yet")
                        .isZero();
                assertThat(sim.live().complete()).isFalse();

                long released = System.nanoTime();
                sim.live().releaseScript();
                advance(sim, clock, Duration.ofSeconds(16));
                List<JsonNode> events = stream.take(200, QUIET);

                assertThat(events).hasSize(200);
                assertThat(sim.live().complete()).isTrue();
                Set<String> streamedMessages = new TreeSet<>();
                events.stream()
                        .filter(e -> e.get("kind").asText().equals("MESSAGE"))
                        .forEach(e -> streamedMessages.add(e.get("guid").asText()));
                List<LiveFeed.MessagePush> pushes = sim.live().messagePushes();
                assertThat(pushes)
                        .extracting(LiveFeed.MessagePush::guid)
                        .containsExactlyInAnyOrderElementsOf(streamedMessages);
                assertThat(pushes).allSatisfy(p -> {
                    assertThat(p.portalId()).isNotBlank();
                    assertThat(p.pushedNanos()).isBetween(released, System.nanoTime());
                });
            }
        }
    }
}
