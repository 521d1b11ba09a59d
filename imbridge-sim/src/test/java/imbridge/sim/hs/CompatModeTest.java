package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.BOT;
import static imbridge.sim.hs.HsFixture.HS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The double as Synapse 1.67 ({@code --compat synapse-1.67}). */
class CompatModeTest {
    private static final String GHOST = "@imessage_old:localhost";

    private static HsConfig oldSynapse(String appserviceUrl) {
        return HsConfig.defaults(HsFixture.registration(appserviceUrl)).withCompat(HsCompat.SYNAPSE_1_67);
    }

    @Test
    void parsesTheLabels() {
        assertThat(HsCompat.parse("Synapse-1.67")).isEqualTo(HsCompat.SYNAPSE_1_67);
        assertThat(HsCompat.parse("current")).isEqualTo(HsCompat.CURRENT);
        assertThatThrownBy(() -> HsCompat.parse("conduit")).hasMessageContaining("synapse-1.67");
    }

    @Test
    void advertisesUpToV12AndAnswersUnknownEndpointsWith400() {
        try (HsFixture fx = HsFixture.start(oldSynapse(null))) {
            JsonNode versions = fx.http.get("/_matrix/client/versions", null).json();
            List<String> advertised = new ArrayList<>();
            versions.path("versions").forEach(v -> advertised.add(v.asText()));
            assertThat(advertised).contains("v1.2").doesNotContain("v1.3", "v1.4", "v1.11");

            TestHttp.Response unknown = fx.http.get("/_matrix/client/v3/no_such_thing", AS_TOKEN);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.errcode()).isEqualTo("M_UNRECOGNIZED");

            TestHttp.Response ping = fx.http.post(
                    "/_matrix/client/v1/appservice/imessage/ping", AS_TOKEN, Map.of("transaction_id", "t"));
            assertThat(ping.status()).isEqualTo(400);
            assertThat(ping.errcode()).isEqualTo("M_UNRECOGNIZED");

            // a known endpoint's own errors keep their status
            TestHttp.Response missing = fx.http.get(HsFixture.room("!nope:localhost") + "/state", AS_TOKEN);
            assertThat(missing.status()).isNotEqualTo(400);
        }
    }

    @Test
    void servesOnlyTheLegacyMediaApi() {
        try (HsFixture fx = HsFixture.start(oldSynapse(null))) {
            byte[] bytes = {1, 2, 3, 4};
            TestHttp.Response upload = fx.http.raw(
                    "POST", "/_matrix/media/v3/upload?filename=a.bin", AS_TOKEN, bytes, "application/octet-stream");
            assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
            String mediaId = upload.json().path("content_uri").asText().substring("mxc://localhost/".length());

            TestHttp.Response authenticated =
                    fx.http.get("/_matrix/client/v1/media/download/localhost/" + mediaId, AS_TOKEN);
            assertThat(authenticated.status()).isEqualTo(400);
            assertThat(authenticated.errcode()).isEqualTo("M_UNRECOGNIZED");
            TestHttp.Response config = fx.http.get("/_matrix/client/v1/media/config", AS_TOKEN);
            assertThat(config.status()).isEqualTo(400);
            assertThat(config.errcode()).isEqualTo("M_UNRECOGNIZED");

            assertThat(fx.http
                            .get("/_matrix/media/v3/download/localhost/" + mediaId, null)
                            .bytes())
                    .isEqualTo(bytes);
            assertThat(fx.http
                            .get("/_matrix/media/v3/config", AS_TOKEN)
                            .json()
                            .path("m.upload.size")
                            .asLong())
                    .isPositive();
        }
    }

    @Test
    void pushesTransactionsToTheLegacyPathWithTheTokenInTheQueryOnly() throws IOException {
        try (AppserviceStub stub = AppserviceStub.start(0);
                HsFixture fx = HsFixture.start(oldSynapse(stub.url()))) {
            String roomId = fx.createRoomAsBot(Map.of("name", "legacy push"));
            fx.addGhost(roomId, "imessage_old");
            fx.sendAs(roomId, GHOST, "t1", Map.of("msgtype", "m.text", "body", "hello"), null);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(stub.requests())
                            .anySatisfy(r -> assertThat(r.body().toString()).contains("hello")));
            assertThat(stub.requests()).allSatisfy(r -> {
                assertThat(r.path()).matches("/transactions/\\d+");
                assertThat(r.authorization()).isNull();
                assertThat(r.query()).isEqualTo("access_token=" + HS_TOKEN);
            });
        }
    }

    @Test
    void messagesServeAnEditedEventWithItsLatestEditWhileEventServesTheOriginal() {
        try (HsFixture fx = HsFixture.start(oldSynapse(null))) {
            String roomId = fx.createRoomAsBot(Map.of("name", "edits"));
            fx.addGhost(roomId, "imessage_old");
            Map<String, Object> marker = Map.of("guid", "G1", "part", "text");
            String original = fx.sendAs(
                            roomId,
                            GHOST,
                            "o",
                            Map.of(
                                    "msgtype",
                                    "m.text",
                                    "body",
                                    "first",
                                    "m.relates_to",
                                    Map.of("m.in_reply_to", Map.of("event_id", "$earlier")),
                                    "com.imbridge.part",
                                    marker),
                            null)
                    .json()
                    .path("event_id")
                    .asText();
            fx.sendAs(roomId, GHOST, "e1", edit(original, "second", null), null);
            String latest = fx.sendAs(roomId, GHOST, "e2", edit(original, "third", marker), null)
                    .json()
                    .path("event_id")
                    .asText();
            // an edit by someone else is not applied
            fx.sendAs(roomId, BOT, "e3", edit(original, "not yours", null), null);

            JsonNode chunk = fx.http
                    .get(HsFixture.as(HsFixture.room(roomId) + "/messages?dir=f&limit=100", BOT), AS_TOKEN)
                    .json()
                    .path("chunk");
            JsonNode served = null;
            int edits = 0;
            for (JsonNode e : chunk) {
                if (e.path("event_id").asText().equals(original)) {
                    served = e;
                } else if (e.path("content").has("m.new_content")) {
                    edits++;
                }
            }
            assertThat(edits).as("the edits are served as they are").isEqualTo(3);
            assertThat(served).isNotNull();
            assertThat(served.path("content").path("body").asText()).isEqualTo("third");
            assertThat(served.path("content")
                            .path("com.imbridge.part")
                            .path("guid")
                            .asText())
                    .isEqualTo("G1");
            assertThat(served.path("content")
                            .path("m.relates_to")
                            .path("m.in_reply_to")
                            .path("event_id")
                            .asText())
                    .isEqualTo("$earlier");
            JsonNode replace = served.path("unsigned").path("m.relations").path("m.replace");
            assertThat(replace.path("event_id").asText()).isEqualTo(latest);
            assertThat(replace.path("sender").asText()).isEqualTo(GHOST);
            assertThat(replace.has("content")).isFalse();

            JsonNode single = fx.http
                    .get(HsFixture.as(HsFixture.room(roomId) + "/event/" + TestHttp.enc(original), BOT), AS_TOKEN)
                    .json();
            assertThat(single.path("content").path("body").asText()).isEqualTo("first");
        }
    }

    @Test
    void aCurrentDoubleServesEditsUnapplied() {
        try (HsFixture fx = HsFixture.start()) {
            String roomId = fx.createRoomAsBot(Map.of("name", "edits"));
            fx.addGhost(roomId, "imessage_old");
            String original = fx.sendAs(roomId, GHOST, "o", Map.of("msgtype", "m.text", "body", "first"), null)
                    .json()
                    .path("event_id")
                    .asText();
            fx.sendAs(roomId, GHOST, "e1", edit(original, "second", null), null);
            JsonNode chunk = fx.http
                    .get(HsFixture.as(HsFixture.room(roomId) + "/messages?dir=f&limit=100", BOT), AS_TOKEN)
                    .json()
                    .path("chunk");
            assertThat(chunk.findValues("body").stream().map(JsonNode::asText)).contains("first", "* second");
        }
    }

    private static Map<String, Object> edit(String target, String body, Map<String, Object> marker) {
        Map<String, Object> newContent = new java.util.LinkedHashMap<>();
        newContent.put("msgtype", "m.text");
        newContent.put("body", body);
        if (marker != null) {
            newContent.put("com.imbridge.part", marker);
        }
        return Map.of(
                "msgtype",
                "m.text",
                "body",
                "* " + body,
                "m.new_content",
                newContent,
                "m.relates_to",
                Map.of("rel_type", "m.replace", "event_id", target));
    }
}
