package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.sim.hs.FaultKind;
import imbridge.sim.hs.HsFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5's acceptance test for the send path: a 27,000-message room over a homeserver that answers 5% of
 * requests with 429s, 502s or a dropped connection, half of the 502s and drops after the request took effect.
 */
class LargeRoomUnderFaultsTest {
    private static final Logger log = LoggerFactory.getLogger(LargeRoomUnderFaultsTest.class);
    private static final int MESSAGES = 27_000;
    private static final List<String> MEMBERS =
            List.of("tel:+15551234567", "mailto:bob@example.com", "tel:+15550000001");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyMessageArrivesOnceAndInOrder() throws Exception {
        HsFaults faults = HsFaults.of(0.05, 3)
                .withKinds(EnumSet.of(FaultKind.RATE_LIMIT, FaultKind.BAD_GATEWAY, FaultKind.DROP))
                .withTimings(Duration.ofMillis(2), Duration.ZERO);
        try (DoubleFixture fx = DoubleFixture.start(
                tmp, null, new InMemoryTransactionLog(), c -> c.withFaults(faults), DoubleFixture::fastRetries)) {
            fx.gateway.start();
            String room = fx.gateway.createRoom(new RoomSpec("gid:large", PortalKind.GROUP, "Large", MEMBERS));
            List<String> sent = new ArrayList<>(MESSAGES);
            long started = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                String guid = String.format("%08d-0000-4000-8000-000000000000", i);
                OutgoingPart part = new OutgoingPart.Text(PartKey.text(guid), guid, "gid:large", "message " + i);
                sent.add(fx.gateway.send(room, MEMBERS.get(i % MEMBERS.size()), part, 1_700_000_000_000L + i));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            List<JsonNode> messages = fx.messages(room);
            assertThat(messages).hasSize(MESSAGES);
            assertThat(messages).extracting(e -> e.path("event_id").asText()).containsExactlyElementsOf(sent);
            Set<String> guids = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                JsonNode m = messages.get(i);
                assertThat(m.path("origin_server_ts").asLong()).isEqualTo(1_700_000_000_000L + i);
                assertThat(guids.add(m.path("content")
                                .path("com.imbridge.part")
                                .path("guid")
                                .asText()))
                        .isTrue();
            }
            MatrixStats.Snapshot stats = fx.gateway.stats();
            JsonNode injected = fx.stats().path("faultsInjected");
            assertThat(stats.retriesByCause()).containsKeys("429", "502", "transport");
            assertThat(stats.sends()).isEqualTo(MESSAGES);
            assertThat(injected.path("502-after").asLong()
                            + injected.path("drop-after").asLong())
                    .as("answers lost after the send took effect")
                    .isPositive();
            assertThat(fx.stats().path("dedupedSends").asLong())
                    .as("their retries got the stored event")
                    .isPositive();
            log.info("{} sends in {} ms; client {}; double injected {}", MESSAGES, elapsed.toMillis(), stats, injected);
        }
    }
}
