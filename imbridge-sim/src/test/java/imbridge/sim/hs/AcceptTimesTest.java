package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.BOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The double's accept times: keyed message events of sends and batch sends, the latest part per key. */
class AcceptTimesTest {
    private static final String GHOST = "@imessage_alice:localhost";
    private HsFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void sendsAndBatchSendsAreTimedByTheirKeyAndTheLatestPartWins() {
        fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(null)).withBatchSending(true));
        String roomId = fx.createRoomAsBot(Map.of());
        fx.addGhost(roomId, "imessage_alice");
        AcceptTimes times = fx.hs.recordAcceptTimes(
                c -> c.path("key").isTextual() ? c.path("key").asText() : null);

        long before = System.nanoTime();
        assertThat(fx.sendAs(roomId, GHOST, "t1", text("A", "first part"), null).status())
                .isEqualTo(200);
        long afterFirst = System.nanoTime();
        assertThat(fx.sendAs(roomId, GHOST, "t2", text("A", "second part"), null)
                        .status())
                .isEqualTo(200);
        assertThat(fx.sendAs(roomId, GHOST, "t3", Map.of("msgtype", "m.text", "body", "no key"), null)
                        .status())
                .isEqualTo(200);
        assertThat(fx.sendAs(roomId, GHOST, "t1", text("A", "first part"), null).status())
                .as("a resent txn")
                .isEqualTo(200);
        TestHttp.Response batch = fx.http.post(
                HsFixture.as(
                        "/_matrix/client/unstable/com.beeper.backfill/rooms/" + TestHttp.enc(roomId) + "/batch_send",
                        BOT),
                AS_TOKEN,
                Map.of("forward", true, "events", List.of(event("B"))));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        long after = System.nanoTime();

        Map<String, Long> snapshot = times.snapshot();
        assertThat(snapshot).containsOnlyKeys("A", "B");
        assertThat(snapshot.get("A")).isGreaterThan(afterFirst).isLessThanOrEqualTo(after);
        assertThat(snapshot.get("B"))
                .isGreaterThan(before)
                .isLessThanOrEqualTo(after)
                .isGreaterThanOrEqualTo(snapshot.get("A"));
    }

    @Test
    void nothingIsTimedUntilAsked() {
        fx = HsFixture.start();
        String roomId = fx.createRoomAsBot(Map.of());
        fx.addGhost(roomId, "imessage_alice");
        assertThat(fx.sendAs(roomId, GHOST, "t1", text("A", "before"), null).status())
                .isEqualTo(200);
        AcceptTimes times = fx.hs.recordAcceptTimes(c -> c.path("key").asText(null));

        assertThat(fx.sendAs(roomId, GHOST, "t2", text("C", "after"), null).status())
                .isEqualTo(200);

        assertThat(times.snapshot()).containsOnlyKeys("C");
    }

    private static Map<String, Object> text(String key, String body) {
        return Map.of("msgtype", "m.text", "body", body, "key", key);
    }

    private static Map<String, Object> event(String key) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "m.room.message");
        event.put("sender", GHOST);
        event.put("origin_server_ts", 1000);
        event.put("content", text(key, "batched"));
        return event;
    }
}
