package imbridge.app.audit;

import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.GhostResolver;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * The homeserver side of a bridge config as a reader needs it: the Client-Server API acting as the bridge bot
 * (appservice token, {@code @<bot_username>:<domain>}), the owner whose membership counts, and the ghost naming
 * ({@code ghost_prefix}, {@code domain}).
 */
public record ConfiguredHomeserver(
        String address, String asToken, String botMxid, String ownerMxid, GhostResolver ghosts) {
    public ConfiguredHomeserver {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(asToken, "asToken");
        Objects.requireNonNull(botMxid, "botMxid");
        Objects.requireNonNull(ownerMxid, "ownerMxid");
        Objects.requireNonNull(ghosts, "ghosts");
    }

    public static ConfiguredHomeserver of(BridgeConfig config) {
        String domain = config.homeserver().domain();
        BridgeConfig.Appservice as = config.appservice();
        return new ConfiguredHomeserver(
                config.homeserver().address(),
                as.asToken(),
                "@" + as.botUsername() + ":" + domain,
                config.bridge().owner(),
                senders(
                        config,
                        new GhostResolver(as.ghostPrefix(), domain)
                                .withNames(config.bridge().ownerView())));
    }

    /** With double puppeting on, the owner's parts must come from the owner's own account. */
    private static GhostResolver senders(BridgeConfig config, GhostResolver ghosts) {
        return config.bridge().ownerView().doublePuppet()
                ? ghosts.withOwnerAccount(config.bridge().owner(), true)
                : ghosts;
    }

    public ClientServerHttp asBot(HttpClient http) {
        return new ClientServerHttp(http, address, asToken, botMxid);
    }
}
