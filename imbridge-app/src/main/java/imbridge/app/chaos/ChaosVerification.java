package imbridge.app.chaos;

import imbridge.app.audit.ConfiguredHomeserver;
import imbridge.app.config.BridgeConfig;
import imbridge.app.runtime.StoreConfigs;
import imbridge.app.verify.BridgedPartsWatcher;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.ClientServerMediaFetcher;
import imbridge.app.verify.ClientServerReader;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.LiveVerification;
import imbridge.app.verify.SimStatsClient;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.port.LiveInbox;
import imbridge.store.Database;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on a chaos run, once the bridge stopped: every portal room read as the bridge bot through the standard
 * Client-Server API against the simulator's ground truth (the {@code imbridge verify} comparison), the live checks
 * (resurrected rooms, live parts ahead of history, drops the truth did not want), and what the bridge's database
 * still holds as pending or held.
 */
public final class ChaosVerification {
    /** Drops read back from the live inbox; a chaos account has a few hundred live events. */
    private static final int DROPS_READ = 100_000;

    public record Result(VerificationReport report, LiveVerification.Result live, long inboxPending, long inboxHeld) {
        public boolean ok() {
            return report.ok() && live.ok() && inboxPending == 0 && inboxHeld == 0;
        }
    }

    private ChaosVerification() {}

    static Result verify(BridgeConfig config, HttpClient http, long elapsedMs) {
        String simulator = simulatorBase(config.cloudkit().databaseUrl());
        GroundTruth truth = TruthClient.fetch(simulator, http);
        ConfiguredHomeserver homeserver = ConfiguredHomeserver.of(config);
        ClientServerHttp bot = homeserver.asBot(http);
        Verifier verifier = new Verifier(
                new ClientServerReader(bot, homeserver.ownerMxid()),
                new ClientServerMediaFetcher(bot),
                homeserver.ghosts());
        BridgedPartsWatcher parts = new BridgedPartsWatcher(homeserver.ghosts());
        VerificationReport report = verifier.verify(
                        truth.asSource(), SimStatsClient.fetch(simulator, http), elapsedMs, List.of(parts))
                .report();
        try (Database db = Database.openReadOnly(StoreConfigs.of(config.database()))) {
            LiveInbox inbox = db.liveInbox(config.bridge().loginId());
            List<LiveVerification.BridgeDrop> drops = new ArrayList<>();
            inbox.dropped(DROPS_READ)
                    .forEach(d -> drops.add(new LiveVerification.BridgeDrop(
                            d.event().guid(), d.event().kind().name(), d.reason())));
            LiveVerification.Result live =
                    LiveVerification.check(truth, parts.rooms(), homeserver.ghosts(), drops, List.of());
            return new Result(report, live, inbox.count(LiveInbox.Status.PENDING), inbox.count(LiveInbox.Status.HELD));
        }
    }

    /** {@code http://host:port} of a simulator database URL ({@code .../database/1/...}). */
    static String simulatorBase(String databaseUrl) {
        int at = databaseUrl.indexOf("/database/");
        return at < 0 ? databaseUrl : databaseUrl.substring(0, at);
    }
}
