package imbridge.app.demo;

import imbridge.core.backfill.BackfillProgress;
import imbridge.core.lifecycle.Threads;
import imbridge.core.sync.SyncController;
import imbridge.core.sync.SyncPassResult;
import imbridge.core.util.Ticker;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts backfill progress and prints one status line at a fixed interval while the demo runs. */
final class TerminalProgress implements BackfillProgress, SyncController.Listener, AutoCloseable {
    private final PrintStream out;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong parts = new AtomicLong();
    private final Thread printer;
    private volatile String phase = "starting";
    private final Ticker ticker;
    private final long startNanos;
    private final java.util.Map<String, Long> phaseWalls = new java.util.LinkedHashMap<>();
    private long phaseStartNanos;

    TerminalProgress(PrintStream out, Ticker ticker) {
        this.out = out;
        this.ticker = ticker;
        this.startNanos = ticker.nanos();
        this.phaseStartNanos = startNanos;
        this.printer = Threads.startWorker("demo-progress", this::printLoop);
    }

    void phase(String name) {
        synchronized (phaseWalls) {
            long now = ticker.nanos();
            phaseWalls.merge(phase, (now - phaseStartNanos) / 1_000_000, Long::sum);
            phaseStartNanos = now;
            phase = name;
        }
        print();
    }

    /** Milliseconds spent in each phase so far (on the ticker), in the order the phases began. */
    java.util.Map<String, Long> phaseWalls() {
        synchronized (phaseWalls) {
            java.util.Map<String, Long> out = new java.util.LinkedHashMap<>(phaseWalls);
            out.merge(phase, ticker.millisSince(phaseStartNanos), Long::sum);
            return out;
        }
    }

    @Override
    public void portalStarted(String portalId, long messages) {
        started.incrementAndGet();
    }

    @Override
    public void partsSent(String portalId, int count) {
        parts.addAndGet(count);
    }

    @Override
    public void portalFinished(String portalId, boolean ok, String error) {
        finished.incrementAndGet();
        if (!ok) {
            failed.incrementAndGet();
            out.println("  portal " + portalId + " stopped: " + error);
        }
    }

    @Override
    public void bootstrapComplete(SyncPassResult result) {
        out.printf(
                "  bootstrap sync: %d attachment, %d chat, %d message records (%d rejected, %d skipped)%n",
                result.attachments().records(),
                result.chats().records(),
                result.messages().records(),
                result.attachments().rejects()
                        + result.chats().rejects()
                        + result.messages().rejects(),
                result.chats().skipped() + result.messages().skipped());
        phase("backfill");
    }

    @Override
    public void resyncComplete(int index, SyncPassResult result) {
        out.printf(
                "  re-sync %d: %d chat, %d message records, %d tombstones%n",
                index,
                result.chats().records(),
                result.messages().records(),
                result.chats().tombstones() + result.messages().tombstones());
    }

    @Override
    public void resyncFailed(int index, Exception error) {
        out.printf("  re-sync %d failed (the next one still runs): %s%n", index, error.getMessage());
    }

    private void printLoop() {
        try {
            while (true) {
                Thread.sleep(2000); // display cadence only; not engine logic
                print();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print() {
        out.printf(
                "[%6.1fs] %-10s portals started %d, finished %d (failed %d), parts sent %d%n",
                ticker.millisSince(startNanos) / 1000.0,
                phase,
                started.get(),
                finished.get(),
                failed.get(),
                parts.get());
    }

    @Override
    public void close() {
        printer.interrupt();
    }
}
