package imbridge.sim.cloudkit;

import imbridge.sim.SimTicker;
import imbridge.sim.apple.AppleExport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CloudKit-shaped HTTP server for the Messages-in-iCloud container (wire-contracts.md §1) on a loopback port,
 * serving a generated {@link Dataset} and its ground truth.
 */
public final class CloudKitSimulator implements AutoCloseable {

    public static final String DATABASE_PATH = "/database/" + RequestGuard.API_VERSION + "/" + RequestGuard.CONTAINER
            + "/" + RequestGuard.ENVIRONMENT + "/" + RequestGuard.DATABASE;

    private static final Logger log = LoggerFactory.getLogger(CloudKitSimulator.class);
    private static final String DATABASE_ROUTE = "/database/{version}/{container}/{environment}/{database}";

    private final SimConfig config;
    private final Dataset dataset;
    private final SimStats stats = new SimStats();
    private final FaultPlan faults = new FaultPlan(stats);
    private final AssetFaults assetFaults;
    private Javalin app;
    private volatile String baseUrl;
    private volatile RecordWriter recordWriter;
    private final LiveAssets liveAssets = new LiveAssets();
    private final LiveFeed live;
    private volatile AppleExport appleExport;

    private CloudKitSimulator(SimConfig config, Dataset dataset) {
        this.config = config;
        this.dataset = dataset;
        this.assetFaults = new AssetFaults(config.seed(), config.injects(FaultFamily.ASSETS), config.assetStall());
        this.live = new LiveFeed(
                config,
                dataset,
                liveAssets,
                recordName -> recordWriter.downloadUrl(recordName),
                stats,
                SimTicker.SYSTEM);
        this.app = newApp();
        routes();
    }

    private static Javalin newApp() {
        return Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.useVirtualThreads = true;
        });
    }

    /** Generates the dataset of {@code config} and starts serving it. */
    public static CloudKitSimulator start(SimConfig config) {
        Dataset dataset = new DatasetGenerator(
                        config.seed(),
                        config.chats(),
                        config.messages(),
                        config.profile(),
                        config.lateAfter(),
                        config.bigChat(),
                        config.attachmentRatio())
                .generate();
        return start(config, dataset);
    }

    /**
     * Serves a given (e.g. hand-built) dataset; the sizes, seed and profile in {@code config} are not used to
     * generate. The dataset's late changes count from now on {@code config.clock()}.
     */
    public static CloudKitSimulator start(SimConfig config, Dataset dataset) {
        CloudKitSimulator simulator = new CloudKitSimulator(config, dataset);
        dataset.start(config.clock());
        simulator.writeAppleExport();
        simulator.listen();
        return simulator;
    }

    /** With {@link SimConfig#withAppleExport}: the account as Apple's files, written before anything is served. */
    private void writeAppleExport() {
        AppleExportRequest request = config.appleExport();
        if (request != null) {
            appleExport = AppleExport.write(dataset, request.kind(), request.dir());
        }
    }

    private void listen() {
        listen(config.port());
    }

    private void listen(int port) {
        app.start(config.bind(), port);
        String host = isWildcard(config.bind()) ? SimConfig.LOOPBACK : config.bind();
        baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        recordWriter = new RecordWriter(baseUrl);
        log.info(
                "CloudKit simulator at {} (seed {}, profile {}, faults {}, {} chats, {} messages, {} attachments)",
                baseUrl,
                dataset.seed(),
                config.profile().id(),
                FaultFamily.format(config.faults()),
                dataset.summary().chats(),
                dataset.summary().messages(),
                dataset.summary().attachments());
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    private void routes() {
        RequestGuard guard = new RequestGuard(config.apiToken(), stats);
        RandomFaults randomFaults =
                new RandomFaults(config.seed(), config.faultRate(), config.injects(FaultFamily.CLOUDKIT));
        DatabaseApi database = new DatabaseApi(
                dataset,
                stats,
                faults,
                randomFaults,
                config.maxResultsLimit(),
                () -> recordWriter,
                config.pageLatency());
        AssetApi assets = new AssetApi(dataset, stats, faults, assetFaults, liveAssets);
        InspectionApi inspection = new InspectionApi(
                dataset, stats, assetFaults, live, () -> appleExport == null ? null : appleExport.truth());
        LiveApi liveApi = new LiveApi(live);

        app.post(DATABASE_ROUTE + "/changes/zone", databaseCall(guard, database::changesZone));
        app.get(DATABASE_ROUTE + "/zones/list", databaseCall(guard, database::zonesList));
        app.post(DATABASE_ROUTE + "/records/lookup", databaseCall(guard, database::recordsLookup));
        app.get("/assets/{recordName}", ctx -> {
            guard.admit(ctx);
            assets.download(ctx);
        });
        app.get(LiveApi.STREAM, ctx -> {
            guard.admit(ctx);
            liveApi.stream(ctx);
        });
        app.post(LiveApi.ACK, ctx -> {
            guard.admit(ctx);
            liveApi.ack(ctx);
        });
        app.post(LiveApi.SEND, ctx -> {
            guard.admit(ctx);
            liveApi.send(ctx);
        });
        app.get("/_sim/truth", inspection::truth);
        app.get("/_sim/truth/portals", inspection::truthIndex);
        app.get("/_sim/truth/portals/{portalId}", inspection::truthPortal);
        app.get("/_sim/stats", inspection::stats);
        app.get("/_sim/assets/bound", inspection::downloadBound);

        app.exception(CloudKitException.class, (e, ctx) -> ErrorResponses.write(ctx, e));
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> ErrorResponses.write(
                        ctx,
                        e.getStatus() == 404 ? ServerErrorCode.NOT_FOUND : ServerErrorCode.BAD_REQUEST,
                        "no such endpoint: " + ctx.method() + " " + ctx.path(),
                        null));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("simulator failed on {} {}", ctx.method(), ctx.path(), e);
            ErrorResponses.write(ctx, ServerErrorCode.INTERNAL_ERROR, "internal error: " + e, null);
        });
    }

    private static Handler databaseCall(RequestGuard guard, Handler operation) {
        return (Context ctx) -> {
            guard.admit(ctx);
            RequestGuard.checkDatabasePath(ctx);
            operation.handle(ctx);
        };
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code baseUrl + /database/1/com.apple.messages.cloud/production/private} */
    public String databaseUrl() {
        return baseUrl + DATABASE_PATH;
    }

    public int port() {
        return app.port();
    }

    /** The served data; append to its zones to simulate changes arriving after start. */
    public Dataset dataset() {
        return dataset;
    }

    public SimConfig config() {
        return config;
    }

    public SimStats stats() {
        return stats;
    }

    /** Faults to serve instead of the next requests (throttling, busy zones, stalled tokens, …). */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * The ground truth of the current live state (same content as {@code GET /_sim/truth}): with an Apple export,
     * the truth of the files as they are now.
     */
    public Truth truth() {
        AppleExport export = appleExport;
        return export != null ? export.truth() : liveTruth().truth();
    }

    /** The account written as Apple's files ({@link SimConfig#withAppleExport}), if configured. */
    public Optional<AppleExport> appleExport() {
        return Optional.ofNullable(appleExport);
    }

    /** The ground truth with the live phase's {@code revivedPortals} and {@code live} section. */
    public LiveTruth liveTruth() {
        LiveTruth.View view = live.view();
        return LiveTruth.apply(GroundTruth.compute(dataset, assetFaults), view, assetFaults);
    }

    /** The live push stream (APNs stand-in): its counters, and {@link LiveFeed#pump()} for tests on a manual clock. */
    public LiveFeed live() {
        return live;
    }

    /** The asset fault schedule (all downloads succeed at once unless {@link FaultFamily#ASSETS} is on). */
    public AssetFaults assetFaults() {
        return assetFaults;
    }

    /**
     * A simulator restart that moves it: it stops serving (open connections, the live stream's too, are cut) and
     * serves the same account again — records, live script, counters — on a new ephemeral port, so every URL handed
     * out before (the database URL and each asset's {@code downloadURL}) is dead and records carry new ones.
     */
    public synchronized void restart() {
        app.stop();
        app = newApp();
        routes();
        listen(0);
        log.info("CloudKit simulator restarted: now at {}", baseUrl);
    }

    @Override
    public void close() {
        live.close();
        app.stop();
    }
}
