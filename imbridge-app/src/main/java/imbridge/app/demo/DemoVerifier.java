package imbridge.app.demo;

import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.Verifier;
import java.net.http.HttpClient;

/**
 * How the demo reads the homeserver double: its inspection API (the fast path), or, against the double playing an
 * older homeserver, the Client-Server API as the bot, so the verifier reads what such a server serves (edits
 * applied, legacy media) as it would on the real one.
 */
final class DemoVerifier {
    private DemoVerifier() {}

    static Verifier of(DemoOptions options, DemoEnvironment env, HttpClient http, GhostResolver senders) {
        if (!options.homeserverMode().compat().legacy()) {
            return Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER, senders);
        }
        BridgeConfig.Appservice as = env.config().appservice();
        return Verifier.forClientServer(
                new ClientServerHttp(
                        http,
                        env.homeserverUrl(),
                        as.asToken(),
                        "@" + as.botUsername() + ":" + DemoEnvironment.SERVER_NAME),
                DemoEnvironment.OWNER,
                senders);
    }
}
