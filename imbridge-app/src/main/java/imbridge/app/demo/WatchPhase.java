package imbridge.app.demo;

import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.runtime.PeriodicSync;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import imbridge.sim.apple.LiveChatDbAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's watch phase with a chat.db source: the simulator appends messages to the live database at
 * {@code --live-rate} for {@code --live-duration}, as Messages.app would, while the bridge polls the database
 * every {@code source.poll_interval}. The phase ends once every row is written and one more pass found them all.
 */
final class WatchPhase {
    private static final Duration POLL = Duration.ofMillis(100);

    private final DemoEnvironment env;
    private final DemoOptions options;
    private final PrintStream out;
    private final Ticker ticker;

    WatchPhase(DemoEnvironment env, DemoOptions options, PrintStream out, Ticker ticker) {
        this.env = env;
        this.options = options;
        this.out = out;
        this.ticker = ticker;
    }

    /** Returns the phase's measured facts for the report's {@code live} object. */
    Map<String, Object> run(BridgeRuntime bridge, CancellationToken cancel)
            throws CancelledException, IOException, InterruptedException {
        Duration interval = env.config().source().pollInterval();
        Waiter waiter = Waiter.real();
        long started = ticker.nanos();
        try (LiveChatDbAppender appender = LiveChatDbAppender.start(
                        env.appleExport(), Clock.systemUTC(), options.liveRate(), options.liveDuration());
                PeriodicSync sync = new PeriodicSync(bridge, interval, waiter, cancel)) {
            sync.start();
            out.printf(
                    "  watch: appending %d messages to the live chat.db at %.1f/s; the bridge polls every %d ms%n",
                    appender.total(), options.liveRate(), interval.toMillis());
            long budgetMs = options.liveDuration().plusSeconds(120).toMillis();
            while (!appender.done()) {
                if (ticker.millisSince(started) > budgetMs) {
                    throw new IOException("the appender did not finish within "
                            + options.liveDuration().plusSeconds(120));
                }
                waiter.await(POLL, cancel);
            }
            long appended = ticker.nanos();
            long passesAtEnd = sync.passes();
            // the pass under way may have begun before the last row was written: wait for the one after it
            while (sync.passes() < passesAtEnd + 2) {
                waiter.await(POLL, cancel);
            }
            long caughtUp = ticker.millisSince(appended);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("mode", "watch");
            facts.put("rowsAppended", appender.written());
            facts.put("pollIntervalMs", interval.toMillis());
            facts.put("polls", sync.passes());
            facts.put("catchUpMs", caughtUp);
            out.printf(
                    "  watch: %d messages appended; %d polls; caught up %d ms after the last one%n",
                    appender.written(), sync.passes(), caughtUp);
            return facts;
        }
    }
}
