package imbridge.app.demo;

import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.HttpTruthSource;
import imbridge.app.verify.LiveVerification;
import imbridge.app.verify.NoticeCollectingTruth;
import imbridge.app.verify.ReportJson;
import imbridge.app.verify.ReportPrinter;
import imbridge.app.verify.SimStatsClient;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.TruthSummary;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.sync.FatalErrorHandler;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Ticker;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.List;

/**
 * The main job end to end: bridge the simulated account into the homeserver double, then verify
 * the double's events against the simulator's ground truth (never against the bridge's database).
 */
public final class DemoRun {
    /** Sequential sends timed to measure the homeserver's single-room ingest rate. */
    static final int INGEST_PROBE_EVENTS = 3_000;
    /** Accounts this large get the homeserver probes (and so the backfill's bound) without --big-chat. */
    static final int LARGE_ACCOUNT = 200_000;

    private final DemoOptions options;
    private final PrintStream out;
    private final FatalErrorHandler fatal;
    /**
     * The demo's one time source. The live latency report joins the bridge's history commits with the simulator's
     * push times and the double's accept times, which are read in this process from the JVM's monotonic timer.
     */
    private final Ticker ticker = Ticker.SYSTEM;

    /** The bridge's operator listener (dashboard, admin API, /metrics); off unless the command asks for it. */
    private imbridge.app.config.OperatorConfig operator = imbridge.app.config.OperatorConfig.DISABLED;

    private boolean liveOk = true;
    private boolean profilesOk = true;

    public DemoRun(DemoOptions options, PrintStream out, FatalErrorHandler fatal) {
        this.options = options;
        this.out = out;
        this.fatal = fatal;
    }

    /** Serves the dashboard, the admin API and /metrics while the bridge runs. */
    public DemoRun withOperator(imbridge.app.config.OperatorConfig listener) {
        this.operator = listener;
        return this;
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
        try (TerminalProgress progress = new TerminalProgress(out, ticker);
                BridgeRuntime bridge = new BridgeRuntime(
                        env.config().withOperator(operator), new BackfillTimings(progress, ticker), fatal)) {
            progress.phase("import " + number);
            bridge.start();
            BridgeRuntime.InitialSyncResult result = bridge.initialSync(cancel, progress);
            imbridge.matrix.MatrixStats.Snapshot stats = bridge.matrixStats();
            out.printf(
                    "  import %d: backfill %d/%d portals done, %d events sent%n",
                    number, result.backfill().done(), result.backfill().portals(), stats.sends() + stats.batchEvents());
            return new ImportRun(
                    number,
                    stats.sends() + stats.batchEvents(),
                    result.backfill().done(),
                    result.backfill().portals());
        }
    }

    /**
     * The homeserver's ingest rate from plain sequential clients with 1 … (the backfill's portal concurrency) rooms
     * in parallel: the single-room rate bounds the big chat, all of them are the homeserver parity's baseline.
     */
    private double[] probeIngestRates(DemoEnvironment env) throws java.io.IOException, InterruptedException {
        var as = env.config().appservice();
        IngestRateProbe probe = new IngestRateProbe(
                env.homeserverUrl(), as.asToken(), "@" + as.botUsername() + ":" + DemoEnvironment.SERVER_NAME, ticker);
        double[] rates = new double[env.config().backfill().maxConcurrentForward()];
        // The double's request path is compiled (JIT) on first use: warm it with every room count before measuring,
        // or the first probe measures the compiler instead of the homeserver.
        probe.measure(INGEST_PROBE_EVENTS, rates.length);
        for (int rooms = 1; rooms <= rates.length; rooms++) {
            rates[rooms - 1] = probe.measure(INGEST_PROBE_EVENTS, rooms);
            out.printf(
                    "  homeserver ingest rate, %d room(s) in parallel: %.0f events/s (plain sequential clients)%n",
                    rooms, rates[rooms - 1]);
        }
        return rates;
    }

    /**
     * The bootstrap sync against a plain client fetching the same pages. Measured once the initial sync (and
     * its backfill) finished rather than at the bootstrap's end, when the backfill starts: the bootstrap had
     * the machine to itself, and so should its baseline. CloudKit only (a local source has no pages to fetch).
     */
    private SyncReport syncReport(DemoEnvironment env, SyncReport.Capture sync) throws Exception {
        if (sync.bootstrap() == null || options.local().isLocal()) {
            return null;
        }
        long fetchBound =
                new FetchBound(env.config().cloudkit(), ticker).measureMs(SyncReport.pagesPerZone(sync.bootstrap()));
        return SyncReport.of(sync.bootstrap(), fetchBound, options.syncLatency().toMillis());
    }

    /** Bridges and verifies inside {@code env}, which the caller owns (and may keep serving). */
    public VerificationReport run(DemoEnvironment env, CancellationToken cancel) throws Exception {
        bridge(env, cancel);
        return verify(env);
    }

    /** Where the bridge phase leaves its report sections for the verify phase (maybe another JVM). */
    public static java.nio.file.Path bridgeSections(DemoOptions options) {
        return options.dataDir().resolve("bridge-report.json");
    }

    // What the bridge phase hands the verify phase when both run in this JVM (live and local demos need it).
    private imbridge.app.runtime.LiveRuntime.Snapshot liveSnapshot;
    private List<String> ownerMessages = List.of();
    private final List<ImportRun> imports = new java.util.ArrayList<>();
    private java.util.Map<String, Object> watchFacts;
    private BackfillTimings timings;
    private imbridge.sim.hs.AcceptTimes accepts;
    private boolean liveDuringBackfill;
    private List<String> largest = List.of();
    private LargeBackfills.Window liveWindow;

    /**
     * The bridge phase: bridges the account, then prints and writes ({@link #bridgeSections}) what it measured —
     * sync, phases, homeserver parity, the big chat, the bridge's heap — before any verifier runs, so a bounded
     * bridge heap holds the bridge alone.
     */
    public void bridge(DemoEnvironment env, CancellationToken cancel) throws Exception {
        bridge(env, cancel, WhileServing.NOTHING);
    }

    /**
     * {@link #bridge(DemoEnvironment, CancellationToken)}, then {@code whileServing} before the bridge stops: a demo
     * that serves keeps its bridge (and so {@code /metrics}, the dashboard and the live path) up until Ctrl-C.
     */
    public void bridge(DemoEnvironment env, CancellationToken cancel, WhileServing whileServing) throws Exception {
        long started = ticker.nanos();
        imbridge.matrix.MatrixStats.Snapshot matrixStats;
        out.printf(
                "imbridge demo: seed %d, %d chats, %d messages%n", options.seed(), options.chats(), options.messages());
        out.println("  CloudKit simulator: " + env.simulatorUrl());
        out.println("  homeserver double:  " + env.homeserverUrl());
        out.println("  database:           " + env.databaseFile());
        double[] ingestRates = {};
        if (options.bigChat() > 0 || options.messages() >= LARGE_ACCOUNT) { // before the bridge competes for it
            ingestRates = probeIngestRates(env);
        }
        imbridge.core.attachment.AttachmentStats attachmentStats;
        SyncReport syncReport = null;
        if (options.local().snapshots() > 1) { // the first snapshot, bridged by a run of its own
            imports.add(importOnce(env, cancel, 1));
            out.println("  writing a later snapshot of the same account (new messages, edits, deletions)...");
            env.writeLaterSnapshot();
        }
        liveDuringBackfill = options.live() && !options.local().isLocal() && options.bigChat() > 0;
        if (options.live() && !options.local().isLocal()) {
            accepts = env.homeserver().recordAcceptTimes(LiveLatency::markerGuid);
        }
        largest = liveDuringBackfill // in-process only: a live demo never splits its JVMs
                ? LargeBackfills.largestPortals(env.simulator().dataset(), LargeBackfills.COUNT)
                : List.of();
        liveWindow = new LargeBackfills.Window(options.liveDuration(), ticker);
        if (liveDuringBackfill) { // the situation to measure: live messages while big histories are backfilled
            env.simulator().live().holdScript();
        }
        HeapPeak bridgeHeap = HeapPeak.watch();
        TerminalProgress progress = new TerminalProgress(out, ticker); // closed early: it repeats while serving
        try (bridgeHeap;
                BridgeRuntime bridge = new BridgeRuntime(
                        env.config().withOperator(operator),
                        timings = new BackfillTimings(progress, ticker)
                                .onStartOf(
                                        largest.isEmpty() ? null : largest.getFirst(),
                                        liveDuringBackfill
                                                ? () -> {
                                                    liveWindow.opened();
                                                    env.simulator().live().releaseScript();
                                                }
                                                : () -> {}),
                        fatal)) {
            progress.phase("handshake");
            bridge.start();
            if (operator.enabled()) {
                out.println("  dashboard:          http://" + operator.host() + ":" + bridge.operatorPort() + "/");
            }
            progress.phase("syncing");
            SyncReport.Capture sync = new SyncReport.Capture(progress);
            BridgeRuntime.InitialSyncResult result = bridge.initialSync(cancel, sync);
            progress.phase("fetch-bound"); // the baseline client's own time is no bridge phase
            syncReport = syncReport(env, sync);
            if (options.live() && options.local().watch()) {
                progress.phase("watching");
                watchFacts = new WatchPhase(env, options, out, ticker).run(bridge, cancel);
            } else if (options.live()) {
                progress.phase("live");
                if (liveDuringBackfill) { // the largest chat never started (nothing to backfill): live starts now
                    env.simulator().live().releaseScript();
                }
                ownerMessages = new LivePhase(env, options, out, ticker).run(bridge, cancel);
                liveSnapshot = bridge.liveSnapshot().orElseThrow();
            }
            progress.phase("done");
            java.util.Map<String, Long> phaseWalls = progress.phaseWalls();
            matrixStats = bridge.matrixStats();
            long quarantined = bridge.quarantinedEvents();
            attachmentStats = bridge.attachmentStats().orElseThrow();
            out.printf(
                    "  backfill: %d/%d portals done%s%n",
                    result.backfill().done(),
                    result.backfill().portals(),
                    result.backfill().failedPortals().isEmpty()
                            ? ""
                            : ", stopped: " + result.backfill().failedPortals());
            imports.add(new ImportRun(
                    imports.size() + 1,
                    matrixStats.sends() + matrixStats.batchEvents(),
                    result.backfill().done(),
                    result.backfill().portals()));
            progress.close();
            reportBridgePhase(
                    env,
                    ticker.millisSince(started),
                    phaseWalls,
                    matrixStats,
                    quarantined,
                    attachmentStats,
                    syncReport,
                    ingestRates);
            java.util.Map<String, Object> bridgeMemory = bridgeHeap.facts();
            out.println("heap: bridge " + bridgeMemory);
            MemoryReport.append(bridgeSections(options), "bridge", bridgeMemory);
            whileServing.run();
        } finally {
            progress.close();
        }
    }

    /** Prints the bridge phase's measurements and writes them ({@link #bridgeSections}) for the verify phase. */
    private void reportBridgePhase(
            DemoEnvironment env,
            long elapsed,
            java.util.Map<String, Long> phaseWalls,
            imbridge.matrix.MatrixStats.Snapshot matrixStats,
            long quarantined,
            imbridge.core.attachment.AttachmentStats attachmentStats,
            SyncReport syncReport,
            double[] ingestRates)
            throws Exception {
        double ingestRate = ingestRates.length > 0 ? ingestRates[0] : 0;
        java.nio.file.Path sections = bridgeSections(options);
        java.nio.file.Files.writeString(sections, "{}");
        ReportSections.put(sections, BRIDGE_RUN_MS, elapsed);
        BridgeSideReport bridgeSide = new BridgeSideReport(matrixStats, quarantined, env.homeserverStats());
        bridgeSide.print(out);
        bridgeSide.appendTo(sections);
        if (options.bigChat() > 0) { // its abandoned attachments are listed by the verify phase
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var backfill = env.config().backfill();
            BigChatReport bigChat = BigChatReport.build(
                    env.simulatorUrl(),
                    http,
                    new HttpTruthSource(env.simulatorUrl(), http).summary(),
                    List.of(),
                    java.util.Map.of(),
                    timings,
                    attachmentStats,
                    ingestRate,
                    backfill.attachmentConcurrency(),
                    backfill.attachmentTimeout().toMillis(),
                    backfill.maxAttachmentRetries());
            bigChat.print(out);
            bigChat.appendTo(sections);
        }
        if (syncReport != null) {
            syncReport.print(out);
            syncReport.appendTo(sections);
        }
        PhaseReport phases = new PhaseReport(phaseWalls, PhaseReport.boundsOf(timings, ingestRates, syncReport));
        phases.print(out);
        ReportSections.put(sections, "phases", phases.phases());
        if (ingestRates.length > 0) {
            java.util.Map<String, Object> parity = timings.parity().report(ingestRates);
            out.println("homeserver parity (bridge vs plain clients, same rooms in parallel): " + parity);
            ReportSections.put(sections, "homeserverParity", parity);
        }
    }

    private static final String BRIDGE_RUN_MS = "bridgeRunMs";

    /**
     * The verify phase: the double's events against the simulator's ground truth, portal by portal, then the report
     * (the bridge phase's sections merged in). In its own JVM when the demo runs over processes.
     */
    public VerificationReport verify(DemoEnvironment env) throws Exception {
        java.nio.file.Path sections = bridgeSections(options);
        com.fasterxml.jackson.databind.node.ObjectNode bridgeReport = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(sections.toFile());
        long elapsed = bridgeReport.path(BRIDGE_RUN_MS).asLong();
        bridgeReport.remove(BRIDGE_RUN_MS);
        HeapPeak verifyHeap = HeapPeak.watch();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        out.println("verifying against the simulator's ground truth and the homeserver's events...");
        // Portal by portal (bounded memory); only the live check still needs the whole truth (live demos are small).
        NoticeCollectingTruth truthSource = new NoticeCollectingTruth(new HttpTruthSource(env.simulatorUrl(), http));
        // the rooms stream past once; what the reports below need of them is gathered on the way (bounded)
        imbridge.app.verify.NoticesWatcher notices = new imbridge.app.verify.NoticesWatcher();
        GhostResolver senders = DemoSenders.of(env.config());
        imbridge.app.verify.BridgedPartsWatcher bridgedParts =
                liveSnapshot == null ? null : new imbridge.app.verify.BridgedPartsWatcher(senders);
        Verifier.Verified verified = DemoVerifier.of(options, env, http, senders)
                .verify(
                        truthSource,
                        SimStatsClient.fetch(env.simulatorUrl(), http),
                        elapsed,
                        bridgedParts == null ? java.util.List.of(notices) : java.util.List.of(notices, bridgedParts));
        VerificationReport report = verified.report();
        ReportPrinter.print(report, out);
        TruthSummary summary = truthSource.summary();
        ProfileReport profiles = ProfileReport.check(env, summary, verified.rooms(), http);
        if (profiles != null) {
            profiles.print(out);
            profilesOk = profiles.ok();
        }
        LiveReport liveReport = null;
        if (liveSnapshot != null) {
            GroundTruth truth = TruthClient.fetch(env.simulatorUrl(), http);
            liveReport = new LiveReport(
                            liveSnapshot,
                            LiveVerification.check(
                                    truth,
                                    bridgedParts.rooms(),
                                    senders,
                                    LiveReport.drops(liveSnapshot),
                                    ownerMessages),
                            ownerMessages.size())
                    .withLatency(LiveLatency.of(
                            env.simulator().live().messagePushes(), accepts.snapshot(), timings::historyCommittedNanos))
                    .withLargeBackfills(liveDuringBackfill ? LargeBackfills.during(liveWindow, largest, timings) : -1);
            liveReport.print(out);
            liveOk = liveReport.ok();
        }
        BigChatReport abandoned = BigChatReport.abandonedOnly(truthSource.notices(), notices.byPart());
        abandoned.print(out);
        out.println("heap: verifier " + verifyHeap.facts());
        SourceReport.of(env.config().source(), imports).print(out);
        if (options.reportJson() != null) {
            ReportJson.write(report, options.reportJson());
            ReportSections.merge(options.reportJson(), bridgeReport);
            abandoned.appendTo(options.reportJson());
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
            MemoryReport.append(options.reportJson(), "verifier", verifyHeap.facts());
            out.println("report written to " + options.reportJson().toAbsolutePath());
        }
        verifyHeap.close();
        return report;
    }
}
