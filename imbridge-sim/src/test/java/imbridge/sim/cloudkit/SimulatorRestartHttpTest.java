package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A restart moves the simulator to a new port: old URLs are dead, the account and its tokens are the same. */
class SimulatorRestartHttpTest {
    private final SimHttp http = new SimHttp();

    @Test
    void aRestartServesTheSameAccountOnANewPortWithNewAssetUrls() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(7, 3, 60))) {
            String oldDatabase = sim.databaseUrl();
            SimHttp.ZonePage before = http.changes(oldDatabase, Zones.ATTACHMENTS, null, 1);
            String recordName = before.records().getFirst().get("recordName").asText();
            String oldAsset = downloadUrl(before.records().getFirst());
            long pagesBefore =
                    http.drain(oldDatabase, Zones.MESSAGES, null, 400).size();

            sim.restart();

            assertThat(sim.databaseUrl()).isNotEqualTo(oldDatabase);
            assertThatThrownBy(() -> http.get(oldAsset)).isInstanceOf(UncheckedIOException.class);
            JsonNode looked = http.post(
                            sim.databaseUrl() + "/records/lookup", SimHttp.lookupRequest(Zones.ATTACHMENTS, recordName))
                    .json();
            String freshAsset = downloadUrl(looked.get("records").get(0));
            assertThat(freshAsset).isEqualTo(sim.baseUrl() + "/assets/" + recordName);
            assertThat(http.get(freshAsset).status()).isEqualTo(200);
            // a token handed out before the restart still works: the zones are the same
            assertThat(http.changes(sim.databaseUrl(), Zones.ATTACHMENTS, before.syncToken(), 1)
                            .records())
                    .isNotEmpty();
            assertThat(http.drain(sim.databaseUrl(), Zones.MESSAGES, null, 400)).hasSize((int) pagesBefore);
        }
    }

    private static String downloadUrl(JsonNode attachment) {
        return attachment
                .get("fields")
                .get("lqa")
                .get("value")
                .get("downloadURL")
                .asText();
    }
}
