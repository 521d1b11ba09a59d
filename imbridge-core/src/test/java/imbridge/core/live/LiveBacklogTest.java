package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveSource;
import imbridge.core.testing.InMemoryLiveInbox;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a restart the push source re-delivers what was never acknowledged before anything new. Until that backlog
 * is in the inbox, backfills must not start (history would overtake the re-delivered messages): the receiver says
 * when it is, by new traffic or by the source going idle.
 */
class LiveBacklogTest {
    private static final long CONNECT_MS = 1_800_000_000_000L;

    private static LiveEvent message(long seq, long ts, boolean stored) {
        return new LiveEvent(
                seq,
                LiveEvent.Kind.MESSAGE,
                stored,
                "guid-" + seq,
                "iMessage;-;+15551112222",
                "tel:+15551112222",
                false,
                ts,
                "m" + seq,
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    /** A source that delivers the given events (then, optionally, a heartbeat) and waits for its next step. */
    private static final class ScriptedSource implements LiveSource {
        private final List<LiveEvent> events;
        private final boolean idleAfter;
        final CountDownLatch delivered = new CountDownLatch(1);

        ScriptedSource(List<LiveEvent> events, boolean idleAfter) {
            this.events = events;
            this.idleAfter = idleAfter;
        }

        @Override
        public void stream(Handler handler, CancellationToken cancel) {
            try {
                for (LiveEvent e : events) {
                    handler.onEvent(e);
                }
                if (idleAfter) {
                    handler.onIdle();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            delivered.countDown();
            try {
                Waiter.real().await(Duration.ofMinutes(1), cancel); // the connection stays open until cancelled
            } catch (CancelledException e) {
                // the receiver closed the stream
            }
        }

        @Override
        public void ack(long seq) {}

        @Override
        public String send(String portalId, Outgoing message) {
            throw new UnsupportedOperationException();
        }
    }

    private static boolean backlogAfter(ScriptedSource source) throws Exception {
        CancellationToken cancel = new CancellationToken();
        LiveReceiver receiver = new LiveReceiver(
                source,
                new InMemoryLiveInbox(),
                Clock.fixed(Instant.ofEpochMilli(CONNECT_MS), ZoneOffset.UTC),
                Waiter.real(),
                () -> {},
                cancel);
        receiver.start();
        try {
            assertThat(source.delivered.await(10, TimeUnit.SECONDS)).isTrue();
            return receiver.backlogDelivered();
        } finally {
            cancel.cancel();
            receiver.close();
        }
    }

    @Test
    void reDeliveriesAloneAreNotTheEndOfTheBacklog() throws Exception {
        assertThat(backlogAfter(new ScriptedSource(
                        List.of(message(1, CONNECT_MS - 9_000, false), message(2, CONNECT_MS - 8_000, true)), false)))
                .isFalse();
    }

    @Test
    void aNewEventAfterTheReDeliveriesEndsTheBacklog() throws Exception {
        assertThat(backlogAfter(new ScriptedSource(
                        List.of(message(1, CONNECT_MS - 9_000, false), message(2, CONNECT_MS + 50, false)), false)))
                .isTrue();
    }

    @Test
    void anIdleSourceHasDeliveredEverything() throws Exception {
        assertThat(backlogAfter(new ScriptedSource(List.of(message(1, CONNECT_MS - 9_000, false)), true)))
                .isTrue();
    }
}
