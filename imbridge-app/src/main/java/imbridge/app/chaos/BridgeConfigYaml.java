package imbridge.app.chaos;

import imbridge.app.config.BridgeConfig;
import java.util.stream.Collectors;

/**
 * The {@code config.yaml} a chaos life of the bridge runs with ({@code imbridge run}, the production path): the demo
 * world's bridge config (homeserver, appservice, login, SQLite in the data directory, double puppeting) with the
 * demo's short sync timings, live messages on, and the operator listener on the port the runner watches. Downloads
 * get 30 s (the demo's 3 s is for its stalled-download faults, which chaos does not inject): a machine busy with
 * restarts is slow, and an abandoned attachment would be the timeout's doing, not the kills'.
 */
final class BridgeConfigYaml {
    /** The periodic incremental sync of a running bridge; each life also re-syncs 2, 4 and 6 s after its start. */
    static final String SYNC_INTERVAL = "10s";

    private BridgeConfigYaml() {}

    static String of(BridgeConfig c, int operatorPort) {
        return """
                homeserver:
                  address: "%s"
                  domain: "%s"
                  retry_initial: 20ms
                  retry_max: 2s
                  max_attempts: 10
                appservice:
                  hostname: 127.0.0.1
                  port: %d
                  as_token: "%s"
                  hs_token: "%s"
                  bot_username: "%s"
                  ghost_prefix: "%s"
                bridge:
                  login_id: "%s"
                  owner: "%s"
                  own_handles: [%s]
                double_puppet:
                  enabled: %s
                database:
                  type: sqlite
                  uri: "%s"
                cloudkit:
                  database_url: "%s"
                  results_limit: 200
                  bootstrap_retry_interval: 2s
                  resync_delays: [2s, 4s, 6s]
                backfill:
                  attachment_timeout: 30s
                  attachment_retry_delay: 1s
                live:
                  enabled: true
                  sync_interval: %s
                metrics:
                  enabled: true
                  listen: "127.0.0.1:%d"
                """.formatted(
                c.homeserver().address(),
                c.homeserver().domain(),
                c.appservice().port(),
                c.appservice().asToken(),
                c.appservice().hsToken(),
                c.appservice().botUsername(),
                c.appservice().ghostPrefix(),
                c.bridge().loginId(),
                c.bridge().owner(),
                c.bridge().ownHandles().stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", ")),
                c.bridge().ownerView().doublePuppet(),
                c.database().uri(),
                c.cloudkit().databaseUrl(),
                SYNC_INTERVAL,
                operatorPort);
    }
}
