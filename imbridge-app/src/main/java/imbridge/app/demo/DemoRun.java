package imbridge.app.demo;

import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.ReportJson;
import imbridge.app.verify.ReportPrinter;
import imbridge.app.verify.SimStatsClient;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.LiveVerification;

import java.util.List;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.util.CancellationToken;

import java.io.PrintStream;
import java.net.http.HttpClient;

/**
 * The main job end to end: bridge the simulated account into the homeserver double, then verify
 * the double's events against the simulator's ground truth (never against the bridge's database).
 */
public final class DemoRun {
    /** Sequential sends timed to measure the homeserver's single-room ingest rate. */
    static final int INGEST_PROBE_EVENTS = 3_000;
    private final DemoOptions options;
    private final PrintStream out;
    private final FatalErrorHandler fatal;
    private boolean liveOk = true;
    private boolean profilesOk = true;

    public DemoRun(DemoOptions options, PrintStream out, FatalErrorHandler fatal) {
        this.options = options;
        this.out = out;
        this.fatal = fatal;
    }

    /** After {@link #run}: the live phase's checks passed (true when there was none). */
    public boolean liveOk() {
        return liveOk;
    }

    /** After {@link #run}: ghost names, avatars and DM room names matched the truth (true when it lists none). */
    public boolean profilesOk() {
        return profilesOk;
    }

    /**
     * One import of a snapshot by a bridge run of its own (start, sync, backfill, stop), as a person importing a
     * backup now and a newer one later would run it.
     */
    private ImportRun importOnce(DemoEnvironment env, CancellationToken cancel, int number) throws Exception {
        try (TerminalProgress progress = new TerminalProgress(out);
             BridgeRuntime bridge = new BridgeRuntime(env.config(), new BackfillTimings(progress), fatal)) {
            progress.phase("import " + number);
            bridge.start();
            BridgeRuntime.InitialSyncResult result = bridge.initialSync(cancel, progress);
            imbridge.matrix.MatrixStats.Snapshot stats = bridge.matrixStats();
            out.printf("  import %d: backfill %d/%d portals done, %d events sent%n", number, result.backfill().done(),
                    result.backfill().portals(), stats.sends() + stats.batchEvents());
            return new ImportRun(number, stats.sends() + stats.batchEvents(), result.backfill().done(),
                    result.backfill().portals());
        }
    }

    /** Bridges and verifies inside {@code env}, which the caller owns (and may keep serving). */
    public VerificationReport run(DemoEnvironment env, CancellationToken cancel) throws Exception {
        long started = System.currentTimeMillis();
        imbridge.matrix.MatrixStats.Snapshot matrixStats;
        out.printf("imbridge demo: seed %d, %d chats, %d messages%n", options.seed(), options.chats(),
                options.messages());
        out.println("  CloudKit simulator: " + env.simulatorUrl());
        out.println("  homeserver double:  " + env.homeserverUrl());
        out.println("  database:           " + env.databaseFile());
        double ingestRate = 0;
        if (options.bigChat() > 0) { // the homeserver's own single-room rate, before the bridge competes for it
            var as = env.config().appservice();
            ingestRate = new IngestRateProbe(env.homeserverUrl(), as.asToken(),
                    "@" + as.botUsername() + ":" + DemoEnvironment.SERVER_NAME).measure(INGEST_PROBE_EVENTS);
            out.printf("  homeserver single-room ingest rate: %.0f events/s (sequential client)%n", ingestRate);
        }
        imbridge.core.attachment.AttachmentStats attachmentStats;
        BackfillTimings timings;
        imbridge.app.runtime.LiveRuntime.Snapshot liveSnapshot = null;
        List<String> ownerMessages = List.of();
        List<ImportRun> imports = new java.util.ArrayList<>();
        java.util.Map<String, Object> watchFacts = null;
        if (options.local().snapshots() > 1) { // the first snapshot, bridged by a run of its own
            imports.add(importOnce(env, cancel, 1));
            out.println("  writing a later snapshot of the same account (new messages, edits, deletions)...");
            env.writeLaterSnapshot();
        }
        imbridge.sim.hs.AcceptTimes accepts = null;
        boolean liveDuringBackfill = options.live() && !options.local().isLocal() && options.bigChat() > 0;
        if (options.live() && !options.local().isLocal()) {
            accepts = env.homeserver().recordAcceptTimes(LiveLatency::markerGuid);
        }
        List<String> largest = LargeBackfills.largestPortals(env.simulator().dataset(), LargeBackfills.COUNT);
        LargeBackfills.Window liveWindow = new LargeBackfills.Window(options.liveDuration());
        if (liveDuringBackfill) { // the situation to measure: live messages while big histories are backfilled
            env.simulator().live().holdScript();
        }
        try (TerminalProgress progress = new TerminalProgress(out);
             BridgeRuntime bridge = new BridgeRuntime(env.config(), timings = new BackfillTimings(progress)
                     .onStartOf(largest.isEmpty() ? null : largest.getFirst(), liveDuringBackfill ? () -> {
                         liveWindow.opened();
                         env.simulator().live().releaseScript();
                     } : () -> { }), fatal)) {
            progress.phase("handshake");
            bridge.start();
            progress.phase("syncing");
            BridgeRuntime.InitialSyncResult result = bridge.initialSync(cancel, progress);
            if (options.live() && options.local().watch()) {
                progress.phase("watching");
                watchFacts = new WatchPhase(env, options, out).run(bridge, cancel);
            } else if (options.live()) {
                progress.phase("live");
                if (liveDuringBackfill) { // the largest chat never started (nothing to backfill): live starts now
                    env.simulator().live().releaseScript();
                }
                ownerMessages = new LivePhase(env, options, out).run(bridge, cancel);
                liveSnapshot = bridge.liveSnapshot().orElseThrow();
            }
            progress.phase("done");
            matrixStats = bridge.matrixStats();
            attachmentStats = bridge.attachmentStats().orElseThrow();
            out.printf("  backfill: %d/%d portals done%s%n", result.backfill().done(), result.backfill().portals(),
                    result.backfill().failedPortals().isEmpty() ? "" : ", stopped: " + result.backfill().failedPortals());
            imports.add(new ImportRun(imports.size() + 1, matrixStats.sends() + matrixStats.batchEvents(),
                    result.backfill().done(), result.backfill().portals()));
        }
        long elapsed = System.currentTimeMillis() - started;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        out.println("verifying against the simulator's ground truth and the homeserver's events...");
        GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
        Verifier.Verified verified = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                .verifyWithRooms(truth, SimStatsClient.fetch(env.simulatorUrl(), http), elapsed);
        VerificationReport report = verified.report();
        ReportPrinter.print(report, out);
        ProfileReport profiles = ProfileReport.check(env, truth, verified.rooms(), http);
        if (profiles != null) {
            profiles.print(out);
            profilesOk = profiles.ok();
        }
        LiveReport liveReport = null;
        if (liveSnapshot != null) {
            liveReport = new LiveReport(liveSnapshot, LiveVerification.check(truth, verified.rooms(),
                    GhostResolver.imessage(), LiveReport.drops(liveSnapshot), ownerMessages), ownerMessages.size())
                    .withLatency(LiveLatency.of(env.simulator().live().messagePushes(), accepts.snapshot(),
                            timings::historyCommittedNanos))
                    .withLargeBackfills(liveDuringBackfill ? LargeBackfills.during(liveWindow, largest, timings) : -1);
            liveReport.print(out);
            liveOk = liveReport.ok();
        }
        BridgeSideReport bridgeSide = new BridgeSideReport(matrixStats, env.homeserverStats());
        bridgeSide.print(out);
        var backfill = env.config().backfill();
        BigChatReport bigChat = options.bigChat() > 0
                ? BigChatReport.build(env.simulatorUrl(), http, truth, timings, attachmentStats, ingestRate,
                        backfill.attachmentConcurrency(), backfill.attachmentTimeout().toMillis(),
                        backfill.maxAttachmentRetries())
                : BigChatReport.abandonedOnly(truth, imbridge.app.verify.DeliveredNotices.byPart(verified.rooms()));
        bigChat.print(out);
        SourceReport.of(env.config().source(), imports).print(out);
        if (options.reportJson() != null) {
            ReportJson.write(report, options.reportJson());
            bridgeSide.appendTo(options.reportJson());
            bigChat.appendTo(options.reportJson());
            if (liveReport != null) {
                liveReport.appendTo(options.reportJson());
            }
            SourceReport.of(env.config().source(), imports).appendTo(options.reportJson());
            if (profiles != null) {
                profiles.appendTo(options.reportJson());
            }
            if (watchFacts != null) {
                SourceReport.appendLive(watchFacts, options.reportJson());
            }
            out.println("report written to " + options.reportJson().toAbsolutePath());
        }
        return report;
    }
}
