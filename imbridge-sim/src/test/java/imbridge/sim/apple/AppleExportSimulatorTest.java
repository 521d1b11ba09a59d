package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import imbridge.sim.cloudkit.TruthJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SimConfig#withAppleExport}: files written before serving, {@code /_sim/truth} describes them. */
class AppleExportSimulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSimulatorWritesTheFilesAndServesTheirTruth(@TempDir Path home) throws Exception {
        SimConfig config = config(7).withAppleExport("chatdb", home);
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            AppleExport export = sim.appleExport().orElseThrow();
            assertThat(home.resolve("Library/Messages/chat.db")).exists();
            assertThat(export.result().messages()).isPositive();

            HttpResponse<byte[]> truth = get(sim.baseUrl() + "/_sim/truth");
            assertThat(truth.statusCode()).isEqualTo(200);
            assertThat(truth.body()).isEqualTo(TruthJson.toBytes(export.truth()));
            assertThat(new String(truth.body())).contains("NOT_ON_DISK", "BODY_UNDECODABLE");
            assertThat(sim.truth()).isEqualTo(export.truth());

            assertThat(get(sim.databaseUrl() + "/zones/list").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anIphoneBackupCanBeWrittenInstead(@TempDir Path backup) throws Exception {
        try (CloudKitSimulator sim = CloudKitSimulator.start(config(8).withAppleExport("ios-backup", backup))) {
            assertThat(backup.resolve("3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28"))
                    .exists();
            assertThat(backup.resolve("Manifest.db")).exists();
            assertThat(get(sim.baseUrl() + "/_sim/truth").body())
                    .isEqualTo(TruthJson.toBytes(sim.appleExport().orElseThrow().truth()));
        }
    }

    @Test
    void withoutAnExportTheCloudKitTruthIsServed() throws Exception {
        try (CloudKitSimulator sim = CloudKitSimulator.start(config(9))) {
            assertThat(sim.appleExport()).isEmpty();
            assertThat(get(sim.baseUrl() + "/_sim/truth").body()).isEqualTo(TruthJson.toBytes(sim.liveTruth()));
        }
    }

    private static SimConfig config(long seed) {
        return SimConfig.defaults(seed, 6, 300).withProfile(SimProfile.FULL);
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
