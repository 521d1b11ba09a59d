package imbridge.app.chaos;

import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.WorldHandshake;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chaos loop: the world in one process, then the bridge in a process per life — started on the same data
 * directory, watched through its operator listener until the kill's target is reached, SIGKILLed — with the homeserver
 * double restarted during some lives and the simulator between some. A last life runs until everything is settled,
 * stops cleanly, and the result is verified through the Client-Server API ({@link ChaosVerification}).
 */
public final class ChaosRun {
    static final Duration POLL = Duration.ofMillis(40);
    /** A life that shows no progress of any kind for this long is killed and reported. */
    static final Duration NO_PROGRESS = Duration.ofSeconds(90);
    /** How long a life may take to answer at all (a JVM start on a machine busy with restarts can be slow). */
    static final Duration STARTUP = Duration.ofMinutes(5);
    /** Starts of one life that may fail before it answers (a free port taken by another process meanwhile). */
    static final int START_ATTEMPTS = 3;
    /** The last life's bound to settle (what is left of the live script included). */
    static final Duration SETTLE_BOUND = Duration.ofMinutes(10);

    private final ChaosOptions options;
    private final PrintStream out;
    private final Ticker ticker = Ticker.SYSTEM;
    private final CancellationToken cancel;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BridgeProbe probe = new BridgeProbe(http);
    private boolean gateOpened;

    public ChaosRun(ChaosOptions options, PrintStream out, CancellationToken cancel) {
        this.options = options;
        this.out = out;
        this.cancel = cancel;
    }

    public ChaosReport run() throws IOException, InterruptedException, CancelledException {
        long started = ticker.nanos();
        ChaosSchedule schedule = ChaosSchedule.plan(options.seed(), options.kills());
        schedule.describe().forEach(out::println);
        List<KillOutcome> outcomes = new ArrayList<>();
        try (ChaosWorld world = ChaosWorld.start(options)) {
            out.println("world: simulator " + world.handshake().simulatorUrl() + ", homeserver double "
                    + world.handshake().homeserverUrl());
            boolean liveReleased = false;
            for (ChaosSchedule.Kill kill : schedule.kills()) {
                if (!liveReleased && kill.phase().stretch() >= 2) { // the live stretch's kills need live traffic
                    world.releaseLive();
                    liveReleased = true;
                }
                KillOutcome outcome = oneLife(world, kill);
                outcomes.add(outcome);
                out.println("  " + outcome.describe());
                if (kill.restartSimulatorAfter()) {
                    WorldHandshake moved = world.restartSimulator();
                    out.println("  simulator restarted: now " + moved.simulatorUrl());
                }
            }
            if (!liveReleased) {
                world.releaseLive();
            }
            FinalLife last = finalLife(world);
            out.println("final life: " + last.describe());
            ChaosVerification.Result verified =
                    ChaosVerification.verify(config(world), http, ticker.millisSince(started));
            return new ChaosReport(schedule, outcomes, last, verified, ticker.millisSince(started));
        }
    }

    private BridgeConfig config(ChaosWorld world) {
        return DemoEnvironment.remote(options.demoOptions(), world.handshake()).config();
    }

    private KillOutcome oneLife(ChaosWorld world, ChaosSchedule.Kill kill)
            throws IOException, InterruptedException, CancelledException {
        KillOutcome outcome = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            outcome = lifeUntilKill(world, kill);
            if (!(outcome.atKill() == null && outcome.result().startsWith(KillOutcome.EXITED))) {
                return outcome;
            }
            out.println("  life " + kill.number() + " ended before it answered (" + outcome.result()
                    + "; see bridge-life-" + kill.number() + ".log): starting it again");
        }
        return outcome;
    }

    private KillOutcome lifeUntilKill(ChaosWorld world, ChaosSchedule.Kill kill)
            throws IOException, InterruptedException, CancelledException {
        BridgeLife life = BridgeLife.start(kill.number(), config(world), options.dataDir(), options.bridgeHeap());
        long born = ticker.nanos();
        BridgeSnapshot first = null;
        BridgeSnapshot last = null;
        boolean homeserverRestarted = !kill.restartHomeserver();
        long lastWork = -1;
        long lastProgress = ticker.nanos();
        String result;
        try {
            while (true) {
                if (!life.alive()) {
                    result = KillOutcome.EXITED + " " + life.exitCode();
                    break;
                }
                Optional<BridgeSnapshot> read = probe.read(life.operatorUrl());
                if (read.isPresent()) {
                    BridgeSnapshot now = read.get();
                    if (first == null) {
                        first = now;
                    }
                    if (!homeserverRestarted) { // the bridge is up: cut its connections, renumber its transactions
                        world.restartHomeserver();
                        homeserverRestarted = true;
                    }
                    boolean openedBefore = gateOpened;
                    gateOpened |= now.gateOpen();
                    boolean liveOver = kill.phase() == ChaosPhase.LIVE
                            && LiveStream.over(http, world.handshake().simulatorUrl());
                    KillTarget.Verdict verdict = KillTarget.judge(kill, first, now, openedBefore, liveOver);
                    last = now;
                    if (verdict != KillTarget.Verdict.WAIT) {
                        result = verdict == KillTarget.Verdict.HIT ? KillOutcome.HIT : KillOutcome.PHASE_OVER;
                        break;
                    }
                    if (now.work() != lastWork) {
                        lastWork = now.work();
                        lastProgress = ticker.nanos();
                    }
                }
                Duration bound = first == null ? STARTUP : NO_PROGRESS;
                if (ticker.millisSince(lastProgress) > bound.toMillis()) {
                    result = KillOutcome.NO_PROGRESS;
                    break;
                }
                Waiter.real().await(POLL, cancel);
            }
        } finally {
            life.kill();
        }
        return new KillOutcome(kill, result, last, ticker.millisSince(born));
    }

    /** How the last life ended: settled or not, and what it showed last. */
    public record FinalLife(boolean settled, boolean finalSyncDone, int exitCode, BridgeSnapshot last, long lifeMs) {
        String describe() {
            return (settled ? "settled" : "NOT settled")
                    + (finalSyncDone ? " after a final sync" : " (no final sync)")
                    + String.format(", stopped with exit %d after %.1f s", exitCode, lifeMs / 1000.0)
                    + (last == null
                            ? ""
                            : String.format(
                                    "; live pending %d, held %d, Matrix inbox %d, downloads in flight %d",
                                    last.livePending(),
                                    last.liveHeld(),
                                    last.inboxPending(),
                                    last.attachmentsInFlight()));
        }
    }

    /**
     * The last life: runs until the live script is over, asks for one more sync (CloudKit's copies of the live
     * messages must add nothing), waits until nothing is pending, then stops cleanly (SIGTERM).
     */
    private FinalLife finalLife(ChaosWorld world) throws IOException, InterruptedException, CancelledException {
        BridgeLife life = BridgeLife.start(0, config(world), options.dataDir(), options.bridgeHeap());
        long born = ticker.nanos();
        BridgeSnapshot last = null;
        boolean syncRequested = false;
        boolean settled = false;
        int code;
        try {
            while (life.alive() && ticker.millisSince(born) < SETTLE_BOUND.toMillis()) {
                Optional<BridgeSnapshot> read = probe.read(life.operatorUrl());
                if (read.isPresent()) {
                    last = read.get();
                    if (!syncRequested
                            && last.backfillOver()
                            && LiveStream.over(http, world.handshake().simulatorUrl())) {
                        syncRequested = probe.requestSync(life.operatorUrl());
                    }
                    if (syncRequested && last.syncOutcomes() > 0 && last.settled()) {
                        settled = true;
                        break;
                    }
                }
                Waiter.real().await(POLL, cancel);
            }
        } finally {
            code = life.alive() ? life.stop(60) : life.exitCode();
        }
        boolean synced = last != null && last.syncOutcomes() > 0;
        return new FinalLife(settled, synced, code, last, ticker.millisSince(born));
    }
}
