package imbridge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.app.logging.LogSecrets;
import org.junit.jupiter.api.Test;

/** The {@code logging} keys beyond the level, and the masking of secrets they rely on. */
class LogSettingsTest {
    private static final String MINIMAL = """
            homeserver: {address: "http://127.0.0.1:8008", domain: localhost}
            appservice: {as_token: a, hs_token: h}
            bridge: {owner: "@u:localhost", own_handles: ["tel:+15550000001"]}
            cloudkit: {database_url: "http://127.0.0.1:1/database/1/c/production/private"}
            """;

    @Test
    void withoutKeysTheLogIsTextRotatedAt50MbKeepingFiveFiles() {
        assertThat(BridgeConfig.parse(MINIMAL).logging()).isEqualTo(LogSettings.DEFAULTS);
        assertThat(LogSettings.DEFAULTS).isEqualTo(new LogSettings("text", "50MB", 5));
    }

    @Test
    void theKeysAreRead() {
        BridgeConfig cfg = BridgeConfig.parse(
                MINIMAL + "logging: {level: DEBUG, format: JSON, max_file_size: 10MB, max_files: 3}");
        assertThat(cfg.logging()).isEqualTo(new LogSettings("json", "10MB", 3));
        assertThat(cfg.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "logging: {format: xml}"))
                .hasMessageContaining("logging.format");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "logging: {max_file_size: big}"))
                .hasMessageContaining("logging.max_file_size");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "logging: {max_files: 0}"))
                .hasMessageContaining("logging.max_files");
    }

    @Test
    void aRegisteredSecretIsMaskedWholeAndShortValuesAreLeftAlone() {
        LogSecrets.register("tok_0123456789", "tok_0123456789_longer", "abc");
        assertThat(LogSecrets.mask("a tok_0123456789_longer and tok_0123456789 and abc"))
                .isEqualTo("a [secret] and [secret] and abc");
    }
}
