package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live feed times message pushes on the injected ticker (the scale the demo shares with the double). */
class LiveFeedTickerTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ManualClock clock = new ManualClock();
    private final Dataset dataset = new DatasetGenerator(13, 8, 400).generate();

    private LiveFeed feed() {
        SimConfig config = SimConfig.defaults(13, 8, 400).withClock(clock).withLiveRate(0);
        return new LiveFeed(
                config,
                dataset,
                new LiveAssets(),
                recordName -> "http://assets/" + recordName,
                new SimStats(),
                nanos::get);
    }

    @Test
    void aMessageIsTimedWhenItIsFirstWrittenToTheStream() throws Exception {
        try (LiveFeed feed = feed()) {
            String to = dataset.conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.ORDINARY)
                    .findFirst()
                    .orElseThrow()
                    .portalId();
            LiveFeed.Connection connection = feed.connect();
            String guid = feed.send(to, new LiveFeed.Outgoing("hello", null, null, null));
            clock.advance(LiveFeed.ECHO_DELAY);
            feed.pump();
            nanos.set(7_000_000_000L);

            String line = new String(feed.next(connection), StandardCharsets.UTF_8);

            assertThat(line).contains(guid);
            assertThat(feed.messagePushes())
                    .singleElement()
                    .satisfies(push -> assertThat(push.pushedNanos()).isEqualTo(7_000_000_000L));
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            LiveFeed.Connection reconnected = feed.connect();
            assertThat(new String(feed.next(reconnected), StandardCharsets.UTF_8))
                    .as("sent again, unacknowledged")
                    .contains(guid);
            assertThat(feed.messagePushes())
                    .singleElement()
                    .satisfies(push -> assertThat(push.pushedNanos())
                            .as("only the first push counts")
                            .isEqualTo(7_000_000_000L));
        }
    }
}
