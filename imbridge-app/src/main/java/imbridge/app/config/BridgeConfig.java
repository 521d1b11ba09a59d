package imbridge.app.config;

import static imbridge.app.config.ConfigChecks.or;
import static imbridge.app.config.ConfigChecks.required;
import static imbridge.app.config.ConfigChecks.within;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.backfill.BackfillSettings;
import imbridge.core.backfill.BackwardSettings;
import imbridge.core.sync.SyncSettings;
import imbridge.core.util.Backoff;
import imbridge.matrix.OwnerView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole {@code config.yaml}; every limit of the plan is a named key with the plan's default. The file is bound to
 * {@link ConfigFile} by Jackson; this class applies the defaults and the checks Jackson cannot know.
 */
public record BridgeConfig(
        Homeserver homeserver,
        Appservice appservice,
        Bridge bridge,
        Database database,
        CloudKit cloudkit,
        BackfillSettings backfill,
        Live live,
        String logLevel,
        HistorySource source,
        OperatorConfig operator,
        LogSettings logging) {

    /** Without the operator listener, with the default log format and rotation (bridges built in code: tests, tools). */
    public BridgeConfig(
            Homeserver homeserver,
            Appservice appservice,
            Bridge bridge,
            Database database,
            CloudKit cloudkit,
            BackfillSettings backfill,
            Live live,
            String logLevel,
            HistorySource source) {
        this(
                homeserver,
                appservice,
                bridge,
                database,
                cloudkit,
                backfill,
                live,
                logLevel,
                source,
                OperatorConfig.DISABLED,
                LogSettings.DEFAULTS);
    }

    /** The same bridge with another operator listener (dashboard, admin API, /metrics). */
    public BridgeConfig withOperator(OperatorConfig newOperator) {
        return new BridgeConfig(
                homeserver,
                appservice,
                bridge,
                database,
                cloudkit,
                backfill,
                live,
                logLevel,
                source,
                newOperator,
                logging);
    }

    /** The CloudKit source (the default). */
    public BridgeConfig(
            Homeserver homeserver,
            Appservice appservice,
            Bridge bridge,
            Database database,
            CloudKit cloudkit,
            BackfillSettings backfill,
            Live live,
            String logLevel) {
        this(homeserver, appservice, bridge, database, cloudkit, backfill, live, logLevel, HistorySource.CLOUDKIT);
    }

    /** The same bridge reading another history source. */
    public BridgeConfig withSource(HistorySource newSource) {
        return new BridgeConfig(
                homeserver,
                appservice,
                bridge,
                database,
                cloudkit,
                backfill,
                live,
                logLevel,
                newSource,
                operator,
                logging);
    }

    /** Without the live section: live messaging off (tests and tools that only backfill). */
    public BridgeConfig(
            Homeserver homeserver,
            Appservice appservice,
            Bridge bridge,
            Database database,
            CloudKit cloudkit,
            BackfillSettings backfill,
            String logLevel) {
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

    /**
     * @param maxAttempts             attempts per request (retries on transport errors, 429, 502, 503, 504)
     * @param ignoreUnsupportedServer start against a homeserver that advertises less than Matrix v1.4 (one warning)
     */
    public record Homeserver(
            String address,
            String domain,
            int maxAttempts,
            Duration retryInitial,
            Duration retryMax,
            boolean ignoreUnsupportedServer) {
        public Homeserver(String address, String domain) {
            this(address, domain, 5, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        public Homeserver(String address, String domain, int maxAttempts, Duration retryInitial, Duration retryMax) {
            this(address, domain, maxAttempts, retryInitial, retryMax, false);
        }

        public Homeserver withIgnoreUnsupportedServer(boolean ignore) {
            return new Homeserver(address, domain, maxAttempts, retryInitial, retryMax, ignore);
        }
    }

    /** The same bridge with another homeserver section (e.g. a command-line override). */
    public BridgeConfig withHomeserver(Homeserver newHomeserver) {
        return new BridgeConfig(
                newHomeserver,
                appservice,
                bridge,
                database,
                cloudkit,
                backfill,
                live,
                logLevel,
                source,
                operator,
                logging);
    }

    public record Appservice(
            String id,
            String hostname,
            int port,
            String publicUrl,
            String asToken,
            String hsToken,
            String botUsername,
            String ghostPrefix) {}

    /**
     * The login: which Matrix user owns the bridged iMessage account, and that account's own handles.
     *
     * @param ownerView double puppeting and the ghost / DM room name templates
     */
    public record Bridge(String loginId, String owner, List<String> ownHandles, OwnerView ownerView) {
        /** Without double puppeting, default names. */
        public Bridge(String loginId, String owner, List<String> ownHandles) {
            this(loginId, owner, ownHandles, OwnerView.defaults(ownHandles));
        }

        public Bridge withDoublePuppet(boolean enabled) {
            return new Bridge(loginId, owner, ownHandles, ownerView.withDoublePuppet(enabled));
        }
    }

    /** The same bridge with another {@code bridge} section (e.g. double puppeting switched). */
    public BridgeConfig withBridge(Bridge newBridge) {
        return new BridgeConfig(
                homeserver, appservice, newBridge, database, cloudkit, backfill, live, logLevel, source);
    }

    public record Database(String type, String uri, String user, String password, int maxConnections) {}

    public record CloudKit(
            String databaseUrl, String apiToken, int resultsLimit, Duration requestTimeout, SyncSettings sync) {}

    /** Far above any hand-written config; a larger file is a mistake (a runaway template), not a config. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    public static BridgeConfig load(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(
                        "(file)", file + " is " + Files.size(file) + " bytes; a config file is at most 1 MiB");
            }
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static BridgeConfig parse(String yaml) {
        JsonNode tree = ConfigBinding.read(yaml);
        ConfigFile file = ConfigBinding.bind(tree, ConfigFile.class, "");

        ConfigFile.HomeserverKeys hs = file.homeserver();
        Homeserver homeserver = new Homeserver(
                required(hs.address(), "homeserver.address"),
                required(hs.domain(), "homeserver.domain"),
                within(hs.maxAttempts(), 5, 1, 100, "homeserver.max_attempts"),
                or(hs.retryInitial(), Duration.ofSeconds(1)),
                or(hs.retryMax(), Duration.ofSeconds(30)),
                or(hs.ignoreUnsupportedServer(), false));

        ConfigFile.AppserviceKeys as = file.appservice();
        Appservice appservice = new Appservice(
                or(as.id(), "imessage"),
                or(as.hostname(), "127.0.0.1"),
                within(as.port(), 29350, 0, 65535, "appservice.port"),
                as.publicUrl(),
                required(as.asToken(), "appservice.as_token"),
                required(as.hsToken(), "appservice.hs_token"),
                or(as.botUsername(), "imessagebot"),
                or(as.ghostPrefix(), "imessage_"));

        ConfigFile.BridgeKeys br = file.bridge();
        List<String> ownHandles = or(br.ownHandles(), List.of());
        if (ownHandles.isEmpty()) {
            throw new ConfigException("bridge.own_handles", "list the iMessage account's own handles (phone, email)");
        }
        Bridge bridge = new Bridge(
                or(br.loginId(), "default"),
                required(br.owner(), "bridge.owner"),
                ownHandles,
                ownerView(br, file.doublePuppet(), ownHandles));

        ConfigFile.DatabaseKeys db = file.database();
        String type = or(db.type(), "sqlite");
        if (!type.equals("sqlite") && !type.equals("postgres")) {
            throw new ConfigException("database.type", "must be 'sqlite' or 'postgres', got '" + type + "'");
        }
        Database database = new Database(
                type,
                or(db.uri(), "imbridge-data/imbridge.db"),
                db.user(),
                db.password(),
                within(db.maxConnections(), 8, 1, 200, "database.max_connections"));

        HistorySource source = HistorySource.parse(file.source());

        ConfigFile.CloudKitKeys ck = file.cloudkit();
        SyncSettings defaults = SyncSettings.defaults();
        SyncSettings sync = new SyncSettings(
                within(ck.maxPagesPerZone(), defaults.maxPagesPerZone(), 1, 10_000_000, "cloudkit.max_pages_per_zone"),
                within(
                        ck.maxConsecutiveFailures(),
                        defaults.maxConsecutiveFailures(),
                        1,
                        100,
                        "cloudkit.max_consecutive_failures"),
                new Backoff(
                        or(ck.pageRetryInitial(), defaults.pageBackoff().initial()),
                        or(ck.pageRetryMax(), defaults.pageBackoff().max())),
                or(ck.bootstrapRetryInterval(), defaults.bootstrapRetryInterval()),
                or(ck.resyncDelays(), defaults.resyncDelays()));
        CloudKit cloudkit = new CloudKit(
                source.isCloudKit() ? required(ck.databaseUrl(), "cloudkit.database_url") : ck.databaseUrl(),
                ck.apiToken(),
                within(ck.resultsLimit(), 200, 1, 400, "cloudkit.results_limit"),
                or(ck.requestTimeout(), Duration.ofSeconds(60)),
                sync);

        BackfillSettings backfill = backfill(file.backfill());

        ConfigFile.LiveKeys lv = file.live();
        Live live = new Live(or(lv.enabled(), true), or(lv.syncInterval(), Duration.ofMinutes(10)));
        String level = or(file.logging().level(), "INFO");
        if (!source.isCloudKit() && live.enabled()) {
            // a database or backup has no push channel: a watched chat.db is polled (source.poll_interval)
            live = new Live(false, live.syncInterval());
        }
        OperatorConfig operator = OperatorConfig.of(
                file.metrics().enabled(), file.metrics().listen(), file.admin().token());
        LogSettings logging = LogSettings.of(
                file.logging().format(),
                file.logging().maxFileSize(),
                file.logging().maxFiles());
        return new BridgeConfig(
                homeserver, appservice, bridge, database, cloudkit, backfill, live, level, source, operator, logging);
    }

    /** The {@code double_puppet} section and the name templates; a template without a placeholder is refused. */
    private static OwnerView ownerView(
            ConfigFile.BridgeKeys br, ConfigFile.DoublePuppetKeys puppet, List<String> ownHandles) {
        try {
            OwnerView.checkTemplate(br.displaynameTemplate());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bridge.displayname_template", e.getMessage());
        }
        try {
            OwnerView.checkTemplate(br.dmRoomNameTemplate());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bridge.dm_room_name_template", e.getMessage());
        }
        return new OwnerView(
                or(puppet.enabled(), false), ownHandles, br.displaynameTemplate(), br.dmRoomNameTemplate());
    }

    private static BackfillSettings backfill(ConfigFile.BackfillKeys bf) {
        BackfillSettings bd = BackfillSettings.defaults();
        return new BackfillSettings(
                within(bf.chunkSize(), bd.chunkSize(), 1, 1_000_000, "backfill.chunk_size"),
                within(bf.sendBatchParts(), bd.sendBatchParts(), 1, 100_000, "backfill.send_batch_parts"),
                within(bf.maxConcurrentForward(), bd.maxConcurrentForward(), 1, 64, "backfill.max_concurrent_forward"),
                within(
                        bf.attachmentConcurrency(),
                        bd.attachmentConcurrency(),
                        1,
                        1024,
                        "backfill.attachment_concurrency"),
                or(bf.attachmentTimeout(), bd.attachmentTimeout()),
                within(bf.maxAttachmentRetries(), bd.maxAttachmentRetries(), 1, 100, "backfill.max_attachment_retries"),
                or(bf.attachmentRetryDelay(), bd.attachmentRetryDelay()),
                or(bf.stallTimeout(), bd.stallTimeout()),
                or(bf.progressLogInterval(), bd.progressLogInterval()),
                new BackwardSettings(
                        within(
                                bf.initialForwardMessages(),
                                bd.backward().initialForwardMessages(),
                                0,
                                100_000_000,
                                "backfill.initial_forward_messages"),
                        within(
                                bf.backwardPageMessages(),
                                bd.backward().pageMessages(),
                                1,
                                1_000_000,
                                "backfill.backward_page_messages")));
    }
}
