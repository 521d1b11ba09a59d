package imbridge.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP imbridge_sync_pages_total pages committed
            # TYPE imbridge_sync_pages_total counter
            imbridge_sync_pages_total{zone="chatManateeZone"} 2.0
            imbridge_sync_pages_total{zone="messageManateeZone"} 7.0
            imbridge_sync_pages_totally_other 100.0
            imbridge_sync_pass_seconds_count{outcome="ok"} 3
            imbridge_sync_pass_seconds_count{outcome="failed"} 1
            imbridge_attachments_in_flight 4.0
            imbridge_live_received_total NaN
            """;

    @Test
    void sumsEverySampleOfOneMetricAndOnlyThatMetric() {
        PrometheusText m = new PrometheusText(TEXT);
        assertThat(m.sum("imbridge_sync_pages_total", null)).isEqualTo(9);
        assertThat(m.sum("imbridge_attachments_in_flight", null)).isEqualTo(4);
        assertThat(m.sum("imbridge_parts_sent_total", null)).isZero();
        assertThat(m.sum("imbridge_live_received_total", null)).isZero();
    }

    @Test
    void aLabelSelectsSamples() {
        assertThat(new PrometheusText(TEXT).sum("imbridge_sync_pass_seconds_count", "outcome=\"ok\""))
                .isEqualTo(3);
    }
}
