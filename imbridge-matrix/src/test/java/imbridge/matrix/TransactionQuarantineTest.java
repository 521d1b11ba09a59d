package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.matrixside.MembershipChange;
import imbridge.core.port.EventQuarantine;
import imbridge.core.port.MatrixInbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction is never refused for its content (issue 16): good events among unusable ones take effect, the
 * unusable ones are quarantined with their reasons, and the homeserver gets its 200.
 */
class TransactionQuarantineTest {
    private static final String MANAGEMENT = "!management:localhost";

    /** Two good events (a command, an owner's join) around every kind of unusable event and odd ephemeral data. */
    private static final String MIXED = """
            {"events":[
              {"type":"m.room.message","event_id":"$cmd","room_id":"!management:localhost",
               "sender":"@user:localhost","origin_server_ts":1700000000000,
               "content":{"msgtype":"m.text","body":"help"}},
              42,
              "a string",
              null,
              {"type":"m.room.message","room_id":"!management:localhost","sender":"@user:localhost",
               "content":{"msgtype":"m.text","body":"status"}},
              {"type":"m.room.message","event_id":"","room_id":"!r:localhost","sender":"@user:localhost"},
              {"event_id":"$notype","room_id":"!r:localhost","sender":"@user:localhost","content":{}},
              {"type":"m.room.message","event_id":"$noroom","sender":"@user:localhost","content":{}},
              {"type":"m.room.message","event_id":"$nosender","room_id":"!r:localhost","content":{}},
              {"type":"m.room.message","event_id":"$content","room_id":"!management:localhost",
               "sender":"@user:localhost","content":"sync"},
              {"type":"m.room.message","event_id":"$ts","room_id":"!management:localhost",
               "sender":"@user:localhost","origin_server_ts":"yesterday",
               "content":{"msgtype":"m.text","body":"sync"}},
              {"type":"m.room.member","event_id":"$statekey","room_id":"!r:localhost",
               "sender":"@user:localhost","state_key":7,"content":{"membership":"join"}},
              {"type":"m.room.member","event_id":"$unsigned","room_id":"!r:localhost",
               "sender":"@user:localhost","state_key":"@user:localhost","unsigned":[],
               "content":{"membership":"join"}},
              {"type":"m.room.member","event_id":"$join","room_id":"!r:localhost",
               "sender":"@user:localhost","state_key":"@user:localhost","origin_server_ts":1700000000001,
               "content":{"membership":"join"}}
            ],
            "ephemeral":"typing",
            "de.sorunome.msc2409.ephemeral":[{"type":"m.typing","room_id":"!r:localhost"},17,{"content":{}}],
            "to_device":{"not":"an array"}}""";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryMatrixInbox inbox = new InMemoryMatrixInbox();
    private final InMemoryEventQuarantine quarantine = new InMemoryEventQuarantine();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger appended = new AtomicInteger();
    private AppserviceServer server;

    @BeforeEach
    void start() {
        MatrixConfig cfg = TestConfigs.config("http://127.0.0.1:1");
        MatrixEventRouter router = new MatrixEventRouter(cfg, MANAGEMENT::equals, new IgnoringListener());
        server = new AppserviceServer(
                cfg,
                new MatrixInboxAppender(inbox, router, appended::incrementAndGet),
                new InMemoryTransactionLog(),
                quarantine);
        server.recordTo(meters);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void goodEventsTakeEffectAndTheRestIsQuarantinedWithReasons() throws Exception {
        HttpResponse<String> response = put("t-mixed", MIXED);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(inbox.pending(10)).extracting(MatrixInbox.Entry::eventId).containsExactly("$cmd", "$join");
        assertThat(quarantine.newest(100).reversed())
                .extracting(s -> s.entry().section() + "[" + s.entry().position() + "] "
                        + s.entry().reason())
                .containsExactly(
                        "events[1] not_an_object",
                        "events[2] not_an_object",
                        "events[3] not_an_object",
                        "events[4] no_event_id",
                        "events[5] no_event_id",
                        "events[6] no_type",
                        "events[7] no_room_id",
                        "events[8] no_sender",
                        "events[9] content_not_object",
                        "events[10] bad_origin_server_ts",
                        "events[11] state_key_not_string",
                        "events[12] unsigned_not_object",
                        "ephemeral[-1] section_not_array",
                        "de.sorunome.msc2409.ephemeral[1] not_an_object",
                        "de.sorunome.msc2409.ephemeral[2] no_type",
                        "to_device[-1] section_not_array");
        EventQuarantine.Entry wrongContent = quarantine.newest(100).stream()
                .map(EventQuarantine.Stored::entry)
                .filter(e -> e.reason().equals("content_not_object"))
                .findFirst()
                .orElseThrow();
        assertThat(wrongContent.txnId()).isEqualTo("t-mixed");
        assertThat(wrongContent.eventId()).isEqualTo("$content");
        assertThat(wrongContent.rawJson()).contains("\"content\":\"sync\"");
        assertThat(meters.get("imbridge.appservice.events.quarantined")
                        .tag("reason", "not_an_object")
                        .counter()
                        .count())
                .isEqualTo(4.0);
    }

    @Test
    void aRetriedTransactionQuarantinesAndCountsNothingTwice() throws Exception {
        put("t-retry", MIXED);
        long stored = quarantine.count();
        double counted = totalQuarantinedCount();

        HttpResponse<String> retried = put("t-retry", MIXED);

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(quarantine.count()).isEqualTo(stored).isEqualTo(16);
        assertThat(totalQuarantinedCount()).isEqualTo(counted).isEqualTo(16.0);
        assertThat(inbox.pending(10)).hasSize(2);
        assertThat(appended).hasValue(1);
    }

    @Test
    void aTransactionOfOnlyUnusableEventsIsAcknowledged() throws Exception {
        HttpResponse<String> response = put("t-bad", "{\"events\":[1,[],{\"type\":\"m.room.message\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbox.pending(10)).isEmpty();
        assertThat(quarantine.count()).isEqualTo(3);
    }

    @Test
    void nullOptionalFieldsCountAsAbsent() throws Exception {
        HttpResponse<String> response = put("t-nulls", """
                {"events":[{"type":"m.room.message","event_id":"$nulls","room_id":"!management:localhost",
                  "sender":"@user:localhost","origin_server_ts":null,"state_key":null,"unsigned":null,
                  "content":{"msgtype":"m.text","body":"help"}}],
                 "ephemeral":null}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(quarantine.count()).isZero();
        assertThat(inbox.pending(10)).extracting(MatrixInbox.Entry::eventId).containsExactly("$nulls");
    }

    @Test
    void aHugeUnusableEventIsKeptBounded() throws Exception {
        String huge = "{\"events\":[{\"type\":\"m.room.message\",\"content\":{\"body\":\""
                + "\uD83D\uDE00".repeat(100_000) + "\"}}]}";

        HttpResponse<String> response = put("t-huge", huge);

        assertThat(response.statusCode()).isEqualTo(200);
        String raw = quarantine.newest(1).getFirst().entry().rawJson();
        assertThat(raw).hasSizeLessThanOrEqualTo(TransactionBody.MAX_RAW_CHARS).startsWith("{\"type\"");
        assertThat(Character.isHighSurrogate(raw.charAt(raw.length() - 1))).isFalse();
    }

    private double totalQuarantinedCount() {
        return meters.find("imbridge.appservice.events.quarantined").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private HttpResponse<String> put(String txnId, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.port() + "/_matrix/app/v1/transactions/" + txnId))
                        .header("Authorization", "Bearer " + TestConfigs.HS_TOKEN)
                        .timeout(Duration.ofSeconds(10))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The inbox is what this test reads; routing the queued events further is the worker's job. */
    private static final class IgnoringListener implements MatrixEventListener {
        @Override
        public void onMembership(MembershipChange change) {}

        @Override
        public void onCommand(BotCommand command) {}
    }
}
