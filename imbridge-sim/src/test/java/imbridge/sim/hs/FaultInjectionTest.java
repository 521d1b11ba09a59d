package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each injected fault on the wire, before and after the request took effect. */
class FaultInjectionTest {
    private static final String GHOST = "@imessage_faulty:localhost";
    private static final Map<String, String> HELLO = Map.of("msgtype", "m.text", "body", "hello");

    private final HttpClient raw =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HsFixture fx;
    private String roomId;

    @BeforeEach
    void start() {
        fx = HsFixture.start();
        roomId = fx.createRoomAsBot(Map.of());
        fx.addGhost(roomId, "imessage_faulty");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void rateLimitIsRefusedBeforeTakingEffectWithRetryAfterMs() {
        fx.hs.faults().failNext("/send/", FaultKind.RATE_LIMIT, false);

        TestHttp.Response limited = fx.sendAs(roomId, GHOST, "t1", HELLO, 1L);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
        assertThat(limited.json().path("retry_after_ms").asLong()).isEqualTo(50);
        assertThat(messages()).isEmpty();
        TestHttp.Response retried = fx.sendAs(roomId, GHOST, "t1", HELLO, 1L);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(messages())
                .extracting(e -> e.path("event_id").asText())
                .containsExactly(retried.json().path("event_id").asText());
    }

    @Test
    void badGatewayAfterTheSendTookEffectLeavesTheEventAndTheRetryGetsItsId() {
        fx.hs.faults().failNext("/send/", FaultKind.BAD_GATEWAY, true);

        TestHttp.Response lost = fx.sendAs(roomId, GHOST, "t1", HELLO, 1L);

        assertThat(lost.status()).isEqualTo(502);
        assertThat(new String(lost.bytes())).contains("502 Bad Gateway").doesNotContain("errcode");
        assertThat(messages()).hasSize(1);
        TestHttp.Response retried = fx.sendAs(roomId, GHOST, "t1", HELLO, 1L);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(messages())
                .extracting(e -> e.path("event_id").asText())
                .containsExactly(retried.json().path("event_id").asText());
        assertThat(stats().path("dedupedSends").asLong()).isEqualTo(1);
        assertThat(stats().path("faultsInjected").path("502-after").asLong()).isEqualTo(1);
    }

    @Test
    void unavailableBeforeTakingEffectStoresNothing() {
        fx.hs.faults().failNext("/send/", FaultKind.UNAVAILABLE, false);

        TestHttp.Response refused = fx.sendAs(roomId, GHOST, "t1", HELLO, 1L);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(messages()).isEmpty();
        assertThat(stats().path("faultsInjected").path("503-before").asLong()).isEqualTo(1);
        assertThat(stats().path("rejected").has("M_UNKNOWN"))
                .as("faults are not rejections")
                .isFalse();
    }

    @Test
    void droppedConnectionBeforeTakingEffectHasNoAnswerAndNoEvent() {
        fx.hs.faults().failNext("/send/", FaultKind.DROP, false);

        assertThatThrownBy(() -> rawSend("t1")).isInstanceOf(IOException.class);

        assertThat(messages()).isEmpty();
        assertThat(fx.sendAs(roomId, GHOST, "t1", HELLO, 1L).status())
                .as("the server is fine")
                .isEqualTo(200);
    }

    @Test
    void droppedConnectionAfterTakingEffectKeepsTheEventForTheRetry() throws Exception {
        fx.hs.faults().failNext("/send/", FaultKind.DROP, true);

        assertThatThrownBy(() -> rawSend("t1")).isInstanceOf(IOException.class);

        assertThat(messages()).hasSize(1);
        HttpResponse<String> retried = rawSend("t1");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body())
                .contains(messages().getFirst().path("event_id").asText());
        assertThat(stats().path("faultsInjected").path("drop-after").asLong()).isEqualTo(1);
    }

    @Test
    void slowAnswersArriveLate() {
        fx.hs.faults()
                .set(HsFaults.of(1.0, 1)
                        .withKinds(EnumSet.of(FaultKind.SLOW))
                        .withTimings(Duration.ZERO, Duration.ofMillis(300)));
        long started = System.nanoTime();

        TestHttp.Response answer = fx.http.get(HsFixture.as("/_matrix/client/v3/account/whoami", GHOST), AS_TOKEN);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(stats().path("faultsInjected").path("slow").asLong()).isEqualTo(1);
    }

    @Test
    void inspectionAndAppservicePingAreNeverFaulted() {
        fx.hs.faults().set(HsFaults.of(1.0, 7).withKinds(EnumSet.of(FaultKind.UNAVAILABLE)));

        assertThat(fx.http.get("/_matrix/client/v3/account/whoami", AS_TOKEN).status())
                .isEqualTo(503);
        assertThat(fx.http.get("/_double/rooms", null).status()).isEqualTo(200);
        assertThat(fx.http.get("/_double/stats", null).status()).isEqualTo(200);
        // No appservice URL: the ping itself answers 502 M_CONNECTION_FAILED, never the injected 503.
        TestHttp.Response ping = fx.http.post("/_matrix/client/v1/appservice/imessage/ping", AS_TOKEN, Map.of());
        assertThat(ping.status()).isNotEqualTo(503);
    }

    @Test
    void theSameSeedInjectsTheSameFaultsIntoTheSameRequests() {
        HsFaults faults = HsFaults.of(0.3, 42).withKinds(EnumSet.of(FaultKind.RATE_LIMIT, FaultKind.UNAVAILABLE));
        List<Integer> first = statuses(faults);
        List<Integer> second = statuses(faults);
        List<Integer> otherSeed = statuses(HsFaults.of(0.3, 43).withKinds(faults.kinds()));

        assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
        long hits = first.stream().filter(s -> s != 200).count();
        assertThat(hits).as("about 30%% of 200 requests").isBetween(35L, 85L);
        assertThat(first).containsOnly(200, 429, 503);
    }

    private List<Integer> statuses(HsFaults faults) {
        try (HsFixture other =
                HsFixture.start(HsConfig.defaults(HsFixture.registration(null)).withFaults(faults))) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                statuses.add(other.http
                        .get("/_matrix/client/v3/account/whoami", AS_TOKEN)
                        .status());
            }
            return statuses;
        }
    }

    private HttpResponse<String> rawSend(String txnId) throws IOException, InterruptedException {
        String path = HsFixture.as(HsFixture.room(roomId) + "/send/m.room.message/" + txnId, GHOST);
        return raw.send(
                HttpRequest.newBuilder(URI.create(fx.hs.baseUrl() + path))
                        .header("Authorization", "Bearer " + AS_TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"m.text\",\"body\":\"hello\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> messages() {
        List<JsonNode> out = new ArrayList<>();
        fx.inspectEvents(roomId).forEach(e -> {
            if (e.path("type").asText().equals("m.room.message")) {
                out.add(e);
            }
        });
        return out;
    }

    private JsonNode stats() {
        return fx.http.get("/_double/stats", null).json();
    }
}
