package imbridge.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.OperatorConfig;
import org.junit.jupiter.api.Test;

/** The {@code metrics} and {@code admin} keys: defaults, the listen address, and the token off loopback. */
class OperatorConfigTest {
    private static final String MINIMAL = """
            homeserver: {address: "http://localhost:8008", domain: example.org}
            appservice: {as_token: a, hs_token: h}
            bridge: {owner: "@me:example.org", own_handles: ["tel:+15550000001"]}
            cloudkit: {database_url: "http://localhost:9000/database/1/iCloud.com.apple.madrid/production/private"}
            """;

    @Test
    void theListenerIsOnByDefaultOnLoopbackPort29351() {
        OperatorConfig op = BridgeConfig.parse(MINIMAL).operator();
        assertThat(op).isEqualTo(new OperatorConfig(true, "127.0.0.1", 29351, null));
        assertThat(op.tokenRequired()).isFalse();
    }

    @Test
    void keysAreBoundAndAnIpv6LoopbackNeedsNoToken() {
        assertThat(BridgeConfig.parse(MINIMAL + "metrics: {enabled: false}\n")
                        .operator()
                        .enabled())
                .isFalse();
        assertThat(BridgeConfig.parse(MINIMAL + "metrics: {listen: '[::1]:9100'}\n")
                        .operator())
                .isEqualTo(new OperatorConfig(true, "::1", 9100, null));
        OperatorConfig open = BridgeConfig.parse(
                        MINIMAL + "metrics: {listen: '0.0.0.0:29351'}\nadmin: {token: s3cret}\n")
                .operator();
        assertThat(open.host()).isEqualTo("0.0.0.0");
        assertThat(open.tokenRequired()).isTrue();
    }

    @Test
    void aListenerOffLoopbackWithoutATokenIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "metrics: {listen: '0.0.0.0:29351'}\n"))
                .hasMessageStartingWith("config key 'admin.token': is required when metrics.listen is not a loopback");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "metrics: {listen: '29351'}\n"))
                .hasMessageStartingWith("config key 'metrics.listen': expected host:port");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "metrics: {listen: 'localhost:99999'}\n"))
                .hasMessageStartingWith("config key 'metrics.listen'");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "admin: {tokn: x}\n"))
                .hasMessageStartingWith("config key 'admin.tokn'");
    }
}
