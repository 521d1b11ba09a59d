package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import imbridge.core.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LiveLatencyMeterTest {
    private static final String PORTAL = "tel:+15551110002";

    private final ManualClock clock = new ManualClock(1_750_000_000_000L);
    private final LiveLatencyMeter meter = new LiveLatencyMeter(new SimpleMeterRegistry(), clock);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LiveLatencyMeter.class)).addAppender(logged);
    }

    @AfterEach
    void detach() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LiveLatencyMeter.class)).detachAppender(logged);
    }

    private LiveInbox.Entry entry(long id, String guid) {
        LiveEvent event = new LiveEvent(
                id,
                LiveEvent.Kind.MESSAGE,
                false,
                guid,
                "iMessage;-;+15551110002",
                PORTAL,
                false,
                clock.millis(),
                "hi",
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
        return new LiveInbox.Entry(id, event, LiveInbox.Status.HELD, PORTAL, clock.millis());
    }

    @Test
    void aSlowMessageIsLoggedWithTheTimeEachStageTookAndAFastOneIsOnlyTimed() {
        LiveInbox.Entry fast = entry(1, "AAAAAAAA-0000-4000-8000-000000000001");
        meter.taken(fast);
        meter.admitted(fast);
        meter.runStarted(PORTAL);
        clock.advanceMillis(20);
        meter.delivered(fast);

        LiveInbox.Entry slow = entry(2, "AAAAAAAA-0000-4000-8000-000000000002");
        clock.advanceMillis(30); // waited for the processor
        meter.taken(slow);
        clock.advanceMillis(10);
        meter.admitted(slow);
        clock.advanceMillis(100); // waited for a live worker
        meter.runStarted(PORTAL);
        clock.advanceMillis(60);
        meter.delivered(slow);

        assertThat(meter.snapshot().count()).isEqualTo(2);
        assertThat(meter.snapshot().max()).isEqualTo(200.0);
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("live: slow delivery guid="
                            + "AAAAAAAA-0000-4000-8000-000000000002 portal=" + PORTAL
                            + " total=200 ms: to the processor 30 "
                            + "ms, checks and admission 10 ms, waiting for a worker 100 ms, the portal's run 60 ms");
        });
    }

    @Test
    void aDroppedMessageLeavesNothingBehindAndARunBeforeAdmissionDoesNotCountAsWaiting() {
        LiveInbox.Entry dropped = entry(3, "AAAAAAAA-0000-4000-8000-000000000003");
        meter.taken(dropped);
        meter.forget(dropped);
        clock.advanceMillis(500);
        meter.delivered(dropped); // a stale call: timed, but no stages to log
        assertThat(logged.list).isEmpty();

        meter.runStarted(PORTAL); // a run already going when the next message is admitted
        LiveInbox.Entry held = entry(4, "AAAAAAAA-0000-4000-8000-000000000004");
        clock.advanceMillis(5);
        meter.taken(held);
        meter.admitted(held);
        clock.advanceMillis(300);
        meter.delivered(held);
        assertThat(logged.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("total=305 ms")
                .contains("waiting for a worker 0 ms, the portal's run 300 ms");
    }
}
