package imbridge.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.sim.cloudkit.LiveFeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining push, accept and history times into the report's latency distribution. */
class LiveLatencyTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsOnlyDeliveredMessagesOfPortalsWhoseHistoryWasCompleteWhenPushed() {
        List<LiveFeed.MessagePush> pushes = new ArrayList<>();
        Map<String, Long> accepted = new HashMap<>();
        for (int i = 1; i <= 100; i++) { // portal "done": latencies 1..100 ms
            pushes.add(new LiveFeed.MessagePush("g" + i, "done", 1_000 * MS));
            accepted.put("G" + i, (1_000 + i) * MS);
        }
        pushes.add(new LiveFeed.MessagePush("late", "busy", 1_000 * MS)); // history committed after the push
        accepted.put("LATE", 9_000 * MS);
        pushes.add(new LiveFeed.MessagePush("never", "unknown", 1_000 * MS)); // history never committed
        accepted.put("NEVER", 9_000 * MS);
        pushes.add(new LiveFeed.MessagePush("dropped", "done", 1_000 * MS)); // no event carries it
        Map<String, Long> history = Map.of("done", 500 * MS, "busy", 2_000 * MS);

        LiveLatency latency = LiveLatency.of(pushes, accepted, history::get);

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.historyPending()).isEqualTo(2);
        assertThat(latency.notDelivered()).isEqualTo(1);
        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p95()).isEqualTo(95.0);
        assertThat(latency.p99()).isEqualTo(99.0);
        assertThat(latency.max()).isEqualTo(100.0);
        assertThat(latency.toMap()).containsEntry("count", 100L).containsEntry("p99", 99.0);
    }

    @Test
    void noCountedMessageGivesZeros() {
        LiveLatency latency = LiveLatency.of(List.of(), Map.of(), p -> null);

        assertThat(latency.count()).isZero();
        assertThat(latency.p99()).isZero();
        assertThat(latency.max()).isZero();
    }

    @Test
    void theMarkerGuidIsTheKeyAndEditsAreNotCounted() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode part = (ObjectNode) json.readTree(
                "{\"body\":\"hi\",\"com.imbridge.part\":{\"guid\":\"ab-cd\",\"part\":\"0\",\"portal\":\"tel:+1\"}}");
        ObjectNode edit = (ObjectNode) json.readTree("{\"body\":\"* hi\",\"m.relates_to\":{\"rel_type\":\"m.replace\"},"
                + "\"com.imbridge.part\":{\"guid\":\"ab-cd\",\"part\":\"0\"}}");
        ObjectNode notice = (ObjectNode) json.readTree("{\"body\":\"bot notice\"}");

        assertThat(LiveLatency.markerGuid(part)).isEqualTo("AB-CD");
        assertThat(LiveLatency.markerGuid(edit)).isNull();
        assertThat(LiveLatency.markerGuid(notice)).isNull();
    }
}
