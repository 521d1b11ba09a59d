package imbridge.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import imbridge.app.config.OperatorConfig;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo that serves keeps its bridge up after the bridge phase: {@code /metrics} still answers once the verifier
 * is done, and its parts counter equals the report's delivered parts; the listener closes with the bridge.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoServeModeTest {
    private static final Pattern DASHBOARD = Pattern.compile("dashboard:\\s+(http://\\S+/)");

    @Test
    void metricsOutliveTheBridgePhaseAndCountTheVerifiedParts(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(9, 5, 600, dir, null);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        AtomicReference<VerificationReport> report = new AtomicReference<>();
        AtomicReference<String> scrape = new AtomicReference<>();
        AtomicReference<URI> metrics = new AtomicReference<>();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            DemoRun run = new DemoRun(options, out, (what, e) -> fail(what, e))
                    .withOperator(OperatorConfig.loopback(FreePort.find()));
            run.bridge(env, new CancellationToken(), () -> {
                report.set(run.verify(env)); // the bridge phase has reported; the bridge still runs
                Matcher m = DASHBOARD.matcher(console.toString(StandardCharsets.UTF_8));
                assertThat(m.find())
                        .as("the dashboard's address in the demo's output")
                        .isTrue();
                metrics.set(URI.create(m.group(1) + "metrics"));
                scrape.set(
                        http.send(HttpRequest.newBuilder(metrics.get()).build(), HttpResponse.BodyHandlers.ofString())
                                .body());
            });
        }
        assertThat(report.get().ok()).as(report.get().toJson()).isTrue();
        long parts = (long) (value(scrape.get(), "imbridge_parts_sent_total{path=\"send\"}")
                + value(scrape.get(), "imbridge_parts_sent_total{path=\"batch\"}"));
        assertThat(parts).isEqualTo(report.get().delivered().parts()).isPositive();
        assertThatThrownBy(() ->
                        http.send(HttpRequest.newBuilder(metrics.get()).build(), HttpResponse.BodyHandlers.ofString()))
                .as("the listener stops with the bridge")
                .isInstanceOf(IOException.class);
    }

    private static double value(String scrape, String sample) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("sample " + sample + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
