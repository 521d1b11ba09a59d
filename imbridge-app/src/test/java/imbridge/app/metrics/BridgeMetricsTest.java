package imbridge.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.app.verify.TruthClient;
import imbridge.app.verify.VerificationReport;
import imbridge.app.verify.Verifier;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's Prometheus text after a real run (simulator → bridge on SQLite → homeserver double). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BridgeMetricsTest {

    @Test
    void thePartsCounterEqualsTheDeliveredPartsOfTheVerifiersReport(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(3, 6, 700, dir, null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            String scrape;
            String rebuilt;
            try (BridgeRuntime bridge = new BridgeRuntime(env.config(), BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
                scrape = bridge.metrics().scrape();
                // A sync under another cancellation token rebuilds the engine (as the attachment retry does): the
                // new engine's attachment counters start at zero, the exported counters must not.
                bridge.syncNow(new CancellationToken());
                rebuilt = bridge.metrics().scrape();
            }
            assertThat(value(rebuilt, "imbridge_attachments_downloaded_total"))
                    .isEqualTo(value(scrape, "imbridge_attachments_downloaded_total"))
                    .isPositive();
            assertThat(value(rebuilt, "imbridge_portals{status=\"done\"}"))
                    .isEqualTo(value(scrape, "imbridge_portals{status=\"done\"}"));
            HttpClient http = HttpClient.newHttpClient();
            VerificationReport report = Verifier.forDouble(env.homeserverUrl(), http, DemoEnvironment.OWNER)
                    .verify(TruthClient.fetch(env.simulatorUrl(), http), 0);
            assertThat(report.ok()).as(report.toJson()).isTrue();

            double parts = value(scrape, "imbridge_parts_sent_total{path=\"send\"}")
                    + value(scrape, "imbridge_parts_sent_total{path=\"batch\"}");
            assertThat((long) parts).isEqualTo(report.delivered().parts()).isPositive();
            assertThat((long) value(scrape, "imbridge_portals{status=\"done\"}"))
                    .isEqualTo(report.delivered().portals());
            assertThat(value(scrape, "imbridge_sync_gate_open")).isEqualTo(1.0);
            assertThat(value(scrape, "imbridge_sync_pages_total{zone=\"messageManateeZone\"}"))
                    .isPositive();
            assertThat(value(scrape, "imbridge_sync_records_total{zone=\"messageManateeZone\"}"))
                    .isPositive();
            assertThat(value(scrape, "imbridge_sync_pass_seconds_count{outcome=\"ok\"}"))
                    .isPositive();
            assertThat(value(scrape, "imbridge_attachments_downloaded_total")).isPositive();
            assertThat(value(scrape, "imbridge_matrix_send_seconds_count")).isPositive();
            assertThat(scrape)
                    .contains("imbridge_attachment_download_seconds_bucket{outcome=\"ok\",le=")
                    .contains("imbridge_matrix_retries_total{cause=\"429\"}")
                    .contains("imbridge_live_inbox_depth")
                    .contains("imbridge_live_held")
                    .contains("hikaricp_connections_active{pool=\"imbridge-sqlite-writer\"}")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_gc_");
        }
    }

    /** The sample's value; fails when the scrape has no such sample. */
    private static double value(String scrape, String sample) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("sample " + sample + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
