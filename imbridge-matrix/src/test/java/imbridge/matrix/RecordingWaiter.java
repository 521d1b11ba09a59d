package imbridge.matrix;

import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Waiter} that returns at once (unless cancelled) and remembers what it was asked to wait. */
final class RecordingWaiter implements Waiter {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void await(Duration duration, CancellationToken token) throws CancelledException {
        token.throwIfCancelled();
        waits.add(duration);
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }
}
