package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    private final ErrorResponses errors =
            new ErrorResponses(Fixtures.JSON, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void retryAfterHeaderMayBeAnHttpDate() {
        CloudKitRequestException e =
                errors.fromHttp(503, headers("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"), new byte[0]);

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void bodyRetryAfterWinsOverTheHeaderAndGarbageIsIgnored() {
        CloudKitRequestException fromBody = errors.fromHttp(
                429,
                headers("Retry-After", "9"),
                "{\"serverErrorCode\":\"THROTTLED\",\"retryAfter\":3}".getBytes(StandardCharsets.UTF_8));
        CloudKitRequestException garbage = errors.fromHttp(503, headers("Retry-After", "soon"), new byte[0]);
        CloudKitRequestException negative = errors.fromHttp(
                503, headers("Retry-After", "-4"), "{\"retryAfter\":-1}".getBytes(StandardCharsets.UTF_8));

        assertThat(fromBody.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(garbage.retryAfter()).isEmpty();
        assertThat(negative.retryAfter()).isEmpty();
        assertThat(negative.serverErrorCode()).isEqualTo("HTTP_503");
    }

    @Test
    void aLongNonJsonBodyIsShortenedIntoTheReason() {
        CloudKitRequestException e =
                errors.fromHttp(502, headers(), "x".repeat(1000).getBytes(StandardCharsets.UTF_8));

        assertThat(e.getMessage()).endsWith("x".repeat(200) + "…");
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
