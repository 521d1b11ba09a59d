package imbridge.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {
    private final CancellationToken token = new CancellationToken();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void aReactionRunsOnceWhenTheTokenIsCancelled() {
        token.onCancel(runs::incrementAndGet);
        assertThat(runs).hasValue(0);

        token.cancel();
        token.cancel();

        assertThat(runs).as("once, however often the token is cancelled").hasValue(1);
    }

    @Test
    void aReactionToAnAlreadyCancelledTokenRunsAtOnce() {
        token.cancel();

        token.onCancel(runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void aClosedReactionNeverRuns() {
        try (CancellationToken.Reaction reaction = token.onCancel(runs::incrementAndGet)) {
            assertThat(reaction).isNotNull();
        }

        token.cancel();

        assertThat(runs).hasValue(0);
    }
}
