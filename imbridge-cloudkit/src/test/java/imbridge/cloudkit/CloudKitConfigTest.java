package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudKitConfigTest {
    private static final String URL = "http://127.0.0.1:1/database/1/com.apple.messages.cloud/production/private";

    @Test
    void defaultsAndNormalisation() {
        CloudKitConfig config = new CloudKitConfig(URL + "/", " ", 200, Duration.ofSeconds(60));

        assertThat(config.databaseUrl()).isEqualTo(URL);
        assertThat(config.apiToken()).isNull();
        assertThat(CloudKitConfig.of(URL)).isEqualTo(config);
        assertThat(config.withApiToken("t").toString()).contains("***").doesNotContain("=t,");
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new CloudKitConfig("ftp://x/db", null, 200, Duration.ofSeconds(1)))
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> new CloudKitConfig(URL + "?a=b", null, 200, Duration.ofSeconds(1)))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> new CloudKitConfig(URL, null, 401, Duration.ofSeconds(1)))
                .hasMessageContaining("resultsLimit must be between 1 and 400, was 401");
        assertThatThrownBy(() -> new CloudKitConfig(URL, null, 200, Duration.ZERO))
                .hasMessageContaining("requestTimeout must be positive");
    }
}
