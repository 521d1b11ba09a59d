package imbridge.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.sync.SyncSettings;
import imbridge.core.util.Backoff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The whole {@code config.yaml}; every limit of the plan is a named key with the plan's default. */
public record BridgeConfig(Homeserver homeserver, Appservice appservice, Bridge bridge, Database database,
                           CloudKit cloudkit, BackfillSettings backfill, Live live, String logLevel,
                           HistorySource source) {

    /** The CloudKit source (the default). */
    public BridgeConfig(Homeserver homeserver, Appservice appservice, Bridge bridge, Database database,
                        CloudKit cloudkit, BackfillSettings backfill, Live live, String logLevel) {
        this(homeserver, appservice, bridge, database, cloudkit, backfill, live, logLevel, HistorySource.CLOUDKIT);
    }

    /** The same bridge reading another history source. */
    public BridgeConfig withSource(HistorySource newSource) {
        return new BridgeConfig(homeserver, appservice, bridge, database, cloudkit, backfill, live, logLevel,
                newSource);
    }

    /** Without the live section: live messaging off (tests and tools that only backfill). */
    public BridgeConfig(Homeserver homeserver, Appservice appservice, Bridge bridge, Database database,
                        CloudKit cloudkit, BackfillSettings backfill, String logLevel) {
        this(homeserver, appservice, bridge, database, cloudkit, backfill, Live.DISABLED, logLevel);
    }

    /**
     * The live push stream (APNs stand-in; it is served by the CloudKit endpoint's host).
     *
     * @param syncInterval incremental CloudKit sync while running (0 = only the start-up syncs)
     */
    public record Live(boolean enabled, Duration syncInterval) {
        public static final Live DISABLED = new Live(false, Duration.ZERO);
    }

    /** @param maxAttempts attempts per request (retries on transport errors, 429, 502, 503, 504) */
    public record Homeserver(String address, String domain, int maxAttempts, Duration retryInitial,
                             Duration retryMax) {
        public Homeserver(String address, String domain) {
            this(address, domain, 5, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    public record Appservice(String id, String hostname, int port, String publicUrl, String asToken, String hsToken,
                             String botUsername, String ghostPrefix) {
    }

    /** The login: which Matrix user owns the bridged iMessage account, and that account's own handles. */
    public record Bridge(String loginId, String owner, List<String> ownHandles) {
    }

    public record Database(String type, String uri, String user, String password, int maxConnections) {
    }

    public record CloudKit(String databaseUrl, String apiToken, int resultsLimit, Duration requestTimeout,
                           SyncSettings sync) {
    }

    public static BridgeConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static BridgeConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
        }
        ConfigNode root = new ConfigNode(tree != null && tree.isObject() ? tree : null, "");

        ConfigNode hs = root.section("homeserver");
        Homeserver homeserver = new Homeserver(hs.requiredString("address"), hs.requiredString("domain"),
                hs.integer("max_attempts", 5, 1, 100), hs.duration("retry_initial", Duration.ofSeconds(1)),
                hs.duration("retry_max", Duration.ofSeconds(30)));
        hs.rejectUnknownKeys();

        ConfigNode as = root.section("appservice");
        Appservice appservice = new Appservice(as.string("id", "imessage"), as.string("hostname", "127.0.0.1"),
                as.integer("port", 29350, 0, 65535), as.string("public_url", null), as.requiredString("as_token"),
                as.requiredString("hs_token"), as.string("bot_username", "imessagebot"),
                as.string("ghost_prefix", "imessage_"));
        as.rejectUnknownKeys();

        ConfigNode br = root.section("bridge");
        Bridge bridge = new Bridge(br.string("login_id", "default"), br.requiredString("owner"),
                br.strings("own_handles", List.of()));
        if (bridge.ownHandles().isEmpty()) {
            throw new ConfigException("bridge.own_handles", "list the iMessage account's own handles (phone, email)");
        }
        br.rejectUnknownKeys();

        ConfigNode db = root.section("database");
        String type = db.string("type", "sqlite");
        if (!type.equals("sqlite") && !type.equals("postgres")) {
            throw new ConfigException("database.type", "must be 'sqlite' or 'postgres', got '" + type + "'");
        }
        Database database = new Database(type, db.string("uri", "imbridge-data/imbridge.db"), db.string("user", null),
                db.string("password", null), db.integer("max_connections", 8, 1, 200));
        db.rejectUnknownKeys();

        HistorySource source = HistorySource.parse(root.section("source"));

        ConfigNode ck = root.section("cloudkit");
        SyncSettings defaults = SyncSettings.defaults();
        SyncSettings sync = new SyncSettings(
                ck.integer("max_pages_per_zone", defaults.maxPagesPerZone(), 1, 10_000_000),
                ck.integer("max_consecutive_failures", defaults.maxConsecutiveFailures(), 1, 100),
                new Backoff(ck.duration("page_retry_initial", defaults.pageBackoff().initial()),
                        ck.duration("page_retry_max", defaults.pageBackoff().max())),
                ck.duration("bootstrap_retry_interval", defaults.bootstrapRetryInterval()),
                ck.durations("resync_delays", defaults.resyncDelays()));
        CloudKit cloudkit = new CloudKit(source.isCloudKit() ? ck.requiredString("database_url")
                : ck.string("database_url", null), ck.string("api_token", null),
                ck.integer("results_limit", 200, 1, 400), ck.duration("request_timeout", Duration.ofSeconds(60)), sync);
        ck.rejectUnknownKeys();

        ConfigNode bf = root.section("backfill");
        BackfillSettings bd = BackfillSettings.defaults();
        BackfillSettings backfill = new BackfillSettings(
                bf.integer("chunk_size", bd.chunkSize(), 1, 1_000_000),
                bf.integer("send_batch_parts", bd.sendBatchParts(), 1, 100_000),
                bf.integer("max_concurrent_forward", bd.maxConcurrentForward(), 1, 64),
                bf.integer("attachment_concurrency", bd.attachmentConcurrency(), 1, 1024),
                bf.duration("attachment_timeout", bd.attachmentTimeout()),
                bf.integer("max_attachment_retries", bd.maxAttachmentRetries(), 1, 100),
                bf.duration("attachment_retry_delay", bd.attachmentRetryDelay()),
                bf.duration("stall_timeout", bd.stallTimeout()),
                bf.duration("progress_log_interval", bd.progressLogInterval()),
                new imbridge.core.backfill.BackwardSettings(
                        bf.integer("initial_forward_messages", bd.backward().initialForwardMessages(), 0, 100_000_000),
                        bf.integer("backward_page_messages", bd.backward().pageMessages(), 1, 1_000_000)));
        bf.rejectUnknownKeys();

        ConfigNode lv = root.section("live");
        Live live = new Live(lv.bool("enabled", true), lv.duration("sync_interval", Duration.ofMinutes(10)));
        lv.rejectUnknownKeys();

        ConfigNode logging = root.section("logging");
        String level = logging.string("level", "INFO");
        logging.rejectUnknownKeys();
        root.rejectUnknownKeys();
        if (!source.isCloudKit() && live.enabled()) {
            // a database or backup has no push channel: a watched chat.db is polled (source.poll_interval)
            live = new Live(false, live.syncInterval());
        }
        return new BridgeConfig(homeserver, appservice, bridge, database, cloudkit, backfill, live, level, source);
    }
}
