package imbridge.app.verify;

import imbridge.core.util.Ticker;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what the homeserver holds through one {@link DeliveredReader} and compares it with the truth. */
public final class Verifier {
    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final DeliveredReader reader;
    private final MediaFetcher media;
    private final GhostResolver ghosts;
    private final Ticker ticker;

    /** @param media null skips the media byte check */
    public Verifier(DeliveredReader reader, MediaFetcher media, GhostResolver ghosts) {
        this(reader, media, ghosts, Ticker.SYSTEM);
    }

    /** @param ticker times the comparison for the log line */
    public Verifier(DeliveredReader reader, MediaFetcher media, GhostResolver ghosts, Ticker ticker) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.media = media;
        this.ghosts = Objects.requireNonNull(ghosts, "ghosts");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * The demo's fast path: the homeserver double's inspection API, media bytes included; the bridged user is
     * {@value DoubleInspectionReader#DEFAULT_OWNER}, whose own parts may come from their ghost or their account.
     */
    public static Verifier forDouble(String hsBaseUrl, HttpClient http) {
        return forDouble(hsBaseUrl, http, DoubleInspectionReader.DEFAULT_OWNER);
    }

    /** @param ownerMxid the bridged user, whose membership tells whether a deleted portal's room is gone for them */
    public static Verifier forDouble(String hsBaseUrl, HttpClient http, String ownerMxid) {
        return forDouble(hsBaseUrl, http, ownerMxid, GhostResolver.imessage().withOwnerAccount(ownerMxid, false));
    }

    /**
     * @param ghosts who may send what: {@link GhostResolver#withOwnerAccount} with {@code required} set when the
     *               bridge ran with double puppeting, so the owner's parts must come from the owner's account
     */
    public static Verifier forDouble(String hsBaseUrl, HttpClient http, String ownerMxid, GhostResolver ghosts) {
        return new Verifier(
                new DoubleInspectionReader(hsBaseUrl, http, ownerMxid),
                new DoubleMediaFetcher(hsBaseUrl, http),
                ghosts);
    }

    /**
     * Any homeserver, through the standard Client-Server API only, as the bridge bot: joined rooms, room state,
     * paginated timelines and authenticated media downloads.
     *
     * @param bot       acting as the bridge bot (its appservice token and MXID)
     * @param ownerMxid the bridged user, whose membership tells whether a deleted portal's room is gone for them
     */
    public static Verifier forClientServer(ClientServerHttp bot, String ownerMxid, GhostResolver ghosts) {
        return new Verifier(new ClientServerReader(bot, ownerMxid), new ClientServerMediaFetcher(bot), ghosts);
    }

    /** @param elapsedMs the bridge run's duration, copied into the report */
    public VerificationReport verify(GroundTruth truth, long elapsedMs) {
        return verify(truth, null, elapsedMs);
    }

    /**
     * @param simulator the CloudKit simulator's counters ({@link SimStatsClient}), copied into the report; null
     *                  leaves them out (and out of {@link VerificationReport#ok()})
     * @param elapsedMs the bridge run's duration, copied into the report
     */
    public VerificationReport verify(GroundTruth truth, SimulatorStats simulator, long elapsedMs) {
        return verifyWithRooms(truth, simulator, elapsedMs).report();
    }

    /** The report and the room listing it was made from (names, memberships; no events). */
    public record Verified(VerificationReport report, List<RoomListing> rooms) {}

    public Verified verifyWithRooms(GroundTruth truth, SimulatorStats simulator, long elapsedMs) {
        return verify(truth.asSource(), simulator, elapsedMs, List.of());
    }

    /**
     * Streams the truth portal by portal and each room page by page (bounded memory at any account size).
     *
     * @param watchers learn more from each room while it streams by (e.g. {@link NoticesWatcher})
     */
    public Verified verify(TruthSource truth, SimulatorStats simulator, long elapsedMs, List<RoomWatcher> watchers) {
        long started = ticker.nanos();
        ComparisonCore.Result result =
                ComparisonCore.compare(truth, reader, media, ghosts, ComparisonCore.SAMPLE_LIMIT, watchers);
        VerificationReport report = result.report().withElapsedMs(elapsedMs).withSimulator(simulator);
        log.info(
                "verified {} expected parts against {} rooms in {} ms: {}",
                report.expected().parts(),
                result.rooms().size(),
                ticker.millisSince(started),
                report.ok() ? "ok" : "FAULTS");
        return new Verified(report, result.rooms());
    }
}
