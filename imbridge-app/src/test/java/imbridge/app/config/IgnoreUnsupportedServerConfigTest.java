package imbridge.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IgnoreUnsupportedServerConfigTest {
    private static final String CONFIG = """
            homeserver: {address: "http://127.0.0.1:8008", domain: localhost%s}
            appservice: {as_token: a, hs_token: h}
            bridge: {owner: "@u:localhost", own_handles: ["tel:+15550000001"]}
            cloudkit: {database_url: "http://127.0.0.1:1/database/1/c/production/private"}
            """;

    @Test
    void anOldHomeserverIsRefusedUnlessTheConfigAllowsIt() {
        assertThat(BridgeConfig.parse(CONFIG.formatted("")).homeserver().ignoreUnsupportedServer())
                .isFalse();
        BridgeConfig allowed = BridgeConfig.parse(CONFIG.formatted(", ignore_unsupported_server: true"));
        assertThat(allowed.homeserver().ignoreUnsupportedServer()).isTrue();
        assertThat(allowed.homeserver().address()).isEqualTo("http://127.0.0.1:8008");
    }

    @Test
    void theCommandLineOverrideKeepsTheRestOfTheSection() {
        BridgeConfig c = BridgeConfig.parse(CONFIG.formatted(", max_attempts: 7"));
        BridgeConfig overridden = c.withHomeserver(c.homeserver().withIgnoreUnsupportedServer(true));
        assertThat(overridden.homeserver().ignoreUnsupportedServer()).isTrue();
        assertThat(overridden.homeserver().maxAttempts()).isEqualTo(7);
        assertThat(overridden.appservice()).isEqualTo(c.appservice());
    }
}
