package imbridge.app.audit;

import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.ClientServerMediaFetcher;
import imbridge.app.verify.ClientServerReader;
import imbridge.app.verify.ComparisonCore;
import imbridge.app.verify.TruthSource;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.Ticker;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a deployment's synced CloudKit cache with its Matrix rooms. Reads the cache first (read-only) and the
 * homeserver second, so messages the bridge syncs meanwhile can only show up as unexpected, never as false gaps.
 * Changes nothing anywhere.
 */
public final class Audit {
    private static final Logger log = LoggerFactory.getLogger(Audit.class);

    /**
     * @param onlyPortal one portal ID to audit, or null for all
     * @param checkMedia also download every delivered file and compare its size and SHA-256 with the cache's
     * @param listLimit  problems to list per kind (the counts are always complete)
     */
    public record Options(String onlyPortal, boolean checkMedia, int listLimit) {
        public static final int DEFAULT_LIST_LIMIT = 1000;

        public Options {
            if (listLimit < 0) {
                throw new IllegalArgumentException("listLimit must not be negative, was " + listLimit);
            }
        }

        public static Options all() {
            return new Options(null, false, DEFAULT_LIST_LIMIT);
        }
    }

    private final BridgeConfig config;
    private final HttpClient http;
    private final Ticker ticker;

    public Audit(BridgeConfig config, HttpClient http) {
        this(config, http, Ticker.SYSTEM);
    }

    /** @param ticker times the run for the log line */
    public Audit(BridgeConfig config, HttpClient http, Ticker ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * @throws IllegalArgumentException      when the database does not exist
     * @throws IllegalStateException         when it holds no or an older imbridge schema
     * @throws java.io.UncheckedIOException  when the homeserver cannot be read
     */
    public AuditResult run(Options options) {
        long started = ticker.nanos();
        try (ReadOnlyStores stores = ReadOnlyStores.open(config)) {
            // the cache portal by portal, each read just before its rooms (bounded memory at any account size)
            TruthSource expected = new CacheExpectations(
                            stores.cloud(), stores.bridge(), config.bridge().ownHandles())
                    .source(options.onlyPortal());
            ConfiguredHomeserver homeserver = ConfiguredHomeserver.of(config);
            ClientServerHttp bot = homeserver.asBot(http);
            Predicate<String> portals = options.onlyPortal() == null ? portalId -> true : options.onlyPortal()::equals;
            ClientServerReader reader =
                    new ClientServerReader(bot, homeserver.ownerMxid(), portals, ClientServerReader.DEFAULT_PAGE);
            ComparisonCore.Result compared = ComparisonCore.compare(
                    expected,
                    reader,
                    options.checkMedia() ? new ClientServerMediaFetcher(bot) : null,
                    homeserver.ghosts(),
                    options.listLimit(),
                    List.of());
            VerificationReport report = compared.report();
            log.info(
                    "audited {} cached parts against {} rooms in {} ms",
                    expected.summary().partCount(),
                    compared.rooms().size(),
                    ticker.millisSince(started));
            return new AuditResult(report, expected.summary().deletedPortals(), stores.quarantinedEvents());
        }
    }
}
