package imbridge.app.demo;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.HistorySource;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.sync.SyncSettings;
import imbridge.sim.apple.AppleExport;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.FaultFamily;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import imbridge.sim.hs.FaultKind;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.HsFaults;
import imbridge.sim.hs.Registration;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo's world: the CloudKit simulator and the homeserver double on ephemeral loopback ports,
 * and a bridge config pointing at both with an SQLite database in the data directory.
 */
public final class DemoEnvironment implements AutoCloseable {
    public static final String SERVER_NAME = "localhost";
    public static final String OWNER = "@user:localhost";
    public static final String LOGIN_ID = "demo";
    /** The owner's non-exclusive namespace, as {@code generate-registration} writes it with double puppeting. */
    static final String OWNER_NAMESPACE = "^@user:localhost$";
    /** The simulator's account handles (its generator's owner); the bridge is told them like a real login would be. */
    static final List<String> OWN_HANDLES = List.of("tel:+15550000001", "mailto:owner@icloud.com");

    /**
     * The demo's delayed re-syncs are shorter than production's (15 s, 60 s, 3 min) so a run stays
     * short; late records in the simulator appear before the second one.
     */
    static final List<Duration> RESYNC_DELAYS =
            List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6));

    /**
     * The demo's attachment timing is shorter than production's (90 s per download, 1 s retry back-off) so a
     * run with stalled downloads stays short; the simulator's stalls outlast the timeout, as in production.
     */
    static final Duration ATTACHMENT_TIMEOUT = Duration.ofSeconds(3);

    static final Duration ATTACHMENT_RETRY_DELAY = Duration.ofMillis(200);
    static final Duration ASSET_STALL = Duration.ofSeconds(10);

    /** Null when the world runs in another process ({@link #remote}). */
    private final CloudKitSimulator simulator;

    private final HomeserverDouble homeserver;
    private final BridgeConfig config;
    private final WorldHandshake world;

    private DemoEnvironment(
            CloudKitSimulator simulator, HomeserverDouble homeserver, BridgeConfig config, WorldHandshake world) {
        this.simulator = simulator;
        this.homeserver = homeserver;
        this.config = config;
        this.world = world;
    }

    /** What a bridge in another process needs to reach this world. */
    public WorldHandshake handshake() {
        return world;
    }

    public static DemoEnvironment start(DemoOptions options) {
        DemoOptions.LocalSource local = options.local();
        SimConfig simConfig = SimConfig.defaults(options.seed(), options.chats(), options.messages())
                .withProfile(SimProfile.parse(options.profile()))
                .withLateAfter(options.lateAfter())
                .withFaults(simFaults(options.faults()))
                .withBigChat(options.bigChat())
                .withAttachmentRatio(options.attachmentRatio())
                .withAssetStall(ASSET_STALL)
                .withPageLatency(options.syncLatency());
        if (local.isLocal()) { // the same account as Apple's files; watching appends rows instead of pushing
            simConfig = simConfig.withAppleExport(local.source(), appleDir(options));
        } else {
            simConfig = simConfig.withLiveRate(options.liveRate()).withLiveDuration(options.liveDuration());
        }
        CloudKitSimulator sim = options.bigChats() > 1 // several big chats: a split SimConfig cannot describe
                ? CloudKitSimulator.start(
                        simConfig,
                        new imbridge.sim.cloudkit.DatasetGenerator(
                                        simConfig.seed(),
                                        simConfig.chats(),
                                        simConfig.messages(),
                                        simConfig.profile(),
                                        simConfig.lateAfter(),
                                        simConfig.bigChat(),
                                        options.bigChats(),
                                        simConfig.attachmentRatio())
                                .generate())
                : CloudKitSimulator.start(simConfig);
        HomeserverDouble hs = null;
        try {
            int asPort = FreePort.find();
            String asToken = randomToken();
            String hsToken = randomToken();
            Registration registration = new Registration(
                    "imessage",
                    "http://127.0.0.1:" + asPort,
                    asToken,
                    hsToken,
                    "imessagebot",
                    List.of(
                            "^@imessagebot:" + SERVER_NAME + "$",
                            "^@imessage_.*:" + SERVER_NAME + "$",
                            OWNER_NAMESPACE),
                    false,
                    List.of(OWNER_NAMESPACE)); // double puppeting: the owner, a real user, in a non-exclusive one
            HsConfig hsConfig = HsConfig.defaults(registration)
                    .withBatchSending(options.hsBatchSend())
                    .withCompat(options.homeserverMode().compat());
            boolean matrixFaults = options.faults().contains("matrix");
            if (matrixFaults) {
                hsConfig = hsConfig.withFaults(HsFaults.of(0.05, options.seed())
                        .withKinds(EnumSet.of(
                                FaultKind.RATE_LIMIT,
                                FaultKind.BAD_GATEWAY,
                                FaultKind.UNAVAILABLE,
                                FaultKind.DROP,
                                FaultKind.SLOW))
                        .withTimings(Duration.ofMillis(20), Duration.ofMillis(50)));
            }
            hs = HomeserverDouble.start(hsConfig);
            WorldHandshake world = new WorldHandshake(
                    sim.baseUrl(), sim.databaseUrl(), hs.baseUrl(), asPort, asToken, hsToken, hs.accessTokenOf(OWNER));
            return new DemoEnvironment(sim, hs, bridgeConfig(options, world), world);
        } catch (RuntimeException e) {
            if (hs != null) {
                hs.close();
            }
            sim.close();
            throw e;
        }
    }

    /**
     * The bridge's side of a world served by another process ({@code imbridge demo} runs the simulator and the
     * double in a child JVM of their own, so the bridge's heap is its own and can be bounded and measured).
     */
    public static DemoEnvironment remote(DemoOptions options, WorldHandshake world) {
        if (options.local().isLocal()) {
            throw new IllegalArgumentException("local sources run the demo in one process (the bridge reads the "
                    + "simulator's Apple files it writes in-process)");
        }
        return new DemoEnvironment(null, null, bridgeConfig(options, world), world);
    }

    private static BridgeConfig bridgeConfig(DemoOptions options, WorldHandshake world) {
        DemoOptions.LocalSource local = options.local();
        BridgeConfig config = new BridgeConfig(
                // short, many retries: the double's injected faults are frequent and brief
                new BridgeConfig.Homeserver(
                        world.homeserverUrl(),
                        SERVER_NAME,
                        10,
                        Duration.ofMillis(20),
                        Duration.ofSeconds(2),
                        options.homeserverMode().ignoreUnsupportedServer()),
                new BridgeConfig.Appservice(
                        "imessage",
                        "127.0.0.1",
                        world.asPort(),
                        null,
                        world.asToken(),
                        world.hsToken(),
                        "imessagebot",
                        "imessage_"),
                new BridgeConfig.Bridge(LOGIN_ID, OWNER, OWN_HANDLES).withDoublePuppet(true), // the double knows OWNER
                new BridgeConfig.Database(
                        "sqlite", options.dataDir().resolve("imbridge.db").toString(), null, null, 1),
                new BridgeConfig.CloudKit(
                        world.simulatorDatabaseUrl(),
                        null,
                        200,
                        Duration.ofSeconds(60),
                        SyncSettings.defaults()
                                .withResyncDelays(RESYNC_DELAYS)
                                .withBootstrapRetryInterval(Duration.ofSeconds(5))),
                BackfillSettings.defaults()
                        .withAttachmentTimeout(ATTACHMENT_TIMEOUT)
                        .withAttachmentRetries(BackfillSettings.DEFAULT_MAX_ATTACHMENT_RETRIES, ATTACHMENT_RETRY_DELAY),
                options.live() && !local.isLocal()
                        ? new BridgeConfig.Live(true, Duration.ZERO)
                        : BridgeConfig.Live.DISABLED,
                "INFO");
        if (local.isLocal()) {
            Path work = options.dataDir().resolve("apple-work");
            config = config.withSource(
                    local.source().equals(HistorySource.CHATDB)
                            ? HistorySource.chatDb(
                                    appleDir(options).resolve("Library/Messages/chat.db"),
                                    appleDir(options),
                                    work,
                                    local.watch())
                            : HistorySource.iosBackup(appleDir(options), null, work));
        }
        return config;
    }

    /** Where the simulator writes the account as Apple's files: a Mac home folder, or an iPhone backup folder. */
    private static Path appleDir(DemoOptions options) {
        return options.dataDir()
                .resolve(options.local().source().equals(HistorySource.CHATDB) ? "mac-home" : "iphone-backup");
    }

    /** The local source's files as they are written now (the simulator wrote them before it served). */
    public AppleExport appleExport() {
        return inProcess()
                .simulator
                .appleExport()
                .orElseThrow(() -> new IllegalStateException("the demo bridges CloudKit"));
    }

    /** Evolves the account (new messages, edits, deletions) and writes it again as a newer snapshot. */
    public void writeLaterSnapshot() {
        appleExport().laterSnapshot();
    }

    private static EnumSet<FaultFamily> simFaults(java.util.Set<String> families) {
        EnumSet<FaultFamily> out = EnumSet.noneOf(FaultFamily.class);
        if (families.contains("cloudkit")) {
            out.add(FaultFamily.CLOUDKIT);
        }
        if (families.contains("assets")) {
            out.add(FaultFamily.ASSETS);
        }
        if (families.contains("live")) {
            out.add(FaultFamily.LIVE);
        }
        return out;
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public BridgeConfig config() {
        return config;
    }

    /** The simulator itself, for tests that change the Apple side between bridge runs. */
    public CloudKitSimulator simulator() {
        return inProcess().simulator;
    }

    public String simulatorUrl() {
        return world.simulatorUrl();
    }

    /** The homeserver double itself, for tests that act as the Matrix user. */
    public HomeserverDouble homeserver() {
        return inProcess().homeserver;
    }

    public String homeserverUrl() {
        return world.homeserverUrl();
    }

    /** The access token of the demo's Matrix user ({@link #OWNER}). */
    public String ownerAccessToken() {
        return world.ownerAccessToken();
    }

    /** The double's counters ({@code GET /_double/stats}), read over HTTP when the double runs elsewhere. */
    public Map<String, Object> homeserverStats() {
        return homeserver != null ? homeserver.stats() : RemoteStats.fetch(world.homeserverUrl() + "/_double/stats");
    }

    private DemoEnvironment inProcess() {
        if (simulator == null) {
            throw new IllegalStateException("the simulator and the double run in another process");
        }
        return this;
    }

    public Path databaseFile() {
        return Path.of(config.database().uri());
    }

    @Override
    public void close() {
        if (homeserver != null) {
            homeserver.close();
            simulator.close();
        }
    }
}
