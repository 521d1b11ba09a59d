package imbridge.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import imbridge.core.port.StoreUnavailableException;
import imbridge.core.port.StoreUnavailableException.Kind;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The pause of work that needs the store: back-off on the waiter, one WARN and one INFO per outage, the gauge. */
class StoreOutageTest {
    private final List<Duration> waits = new ArrayList<>();
    private final Waiter recording = (d, token) -> {
        token.throwIfCancelled();
        waits.add(d);
    };
    private final StoreOutage outage = new StoreOutage(recording);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(StoreOutage.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(StoreOutage.class)).detachAppender(logs);
    }

    @Test
    void theStepRunsAgainWithBackOffUntilTheStoreTakesItAndTheOutageIsToldOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Double> gaugeDuringOutage = new ArrayList<>();

        String result = outage.untilStored(
                "sync",
                () -> {
                    if (attempts.incrementAndGet() <= 4) {
                        gaugeDuringOutage.add(outage.unavailable(Kind.DISK_FULL));
                        throw full();
                    }
                    return "stored";
                },
                new CancellationToken());

        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(5);
        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(gaugeDuringOutage).containsExactly(0.0, 1.0, 1.0, 1.0);
        assertThat(outage.current()).isEmpty();
        assertThat(outage.unavailable(Kind.DISK_FULL)).isZero();
        assertThat(messages(Level.WARN))
                .containsExactly("database disk full (/data/imbridge.db): free space; the bridge resumes by itself; "
                        + "paused: sync (retrying with back-off)");
        assertThat(messages(Level.INFO))
                .containsExactly(
                        "database writable again (disk_full cleared after 4 failed attempt(s)); resumed: sync");
    }

    @Test
    void aSecondKindOfWorkPausedByTheSameOutageIsAnInfoNotASecondWarning() {
        outage.paused("sync", full());
        outage.paused("backfill", full());
        outage.paused("backfill", full());
        outage.resumed("backfill");
        outage.resumed("sync");

        assertThat(messages(Level.WARN)).hasSize(1);
        assertThat(messages(Level.INFO))
                .containsExactly(
                        "database still unavailable (disk_full); paused too: backfill",
                        "database writable again (disk_full cleared after 3 failed attempt(s)); resumed: backfill");
    }

    @Test
    void otherFailuresAndCancellationEndThePause() {
        assertThatThrownBy(() -> outage.untilStored(
                        "sync",
                        () -> {
                            throw new IllegalStateException("a bug");
                        },
                        new CancellationToken()))
                .isInstanceOf(IllegalStateException.class);

        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        assertThatThrownBy(() -> outage.untilStored(
                        "sync",
                        () -> {
                            throw full();
                        },
                        cancel))
                .isInstanceOf(CancelledException.class);
        assertThat(outage.unavailable(Kind.DISK_FULL))
                .as("still unavailable: nothing was stored")
                .isEqualTo(1.0);
    }

    private static StoreUnavailableException full() {
        return new StoreUnavailableException(Kind.DISK_FULL, "/data/imbridge.db", null);
    }

    private List<String> messages(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
