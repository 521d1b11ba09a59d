package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.CloudSourceErrors;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Turns a CloudKit error answer ({@code {serverErrorCode, reason, retryAfter}}) into a {@link CloudKitRequestException}. */
final class ErrorResponses {
    private static final int HTTP_GONE = 410;
    private static final int SNIPPET_CHARS = 200;

    private final ObjectMapper json;
    private final Clock clock;

    ErrorResponses(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    CloudKitRequestException fromHttp(int status, HttpHeaders headers, byte[] body) {
        JsonNode parsed = parseQuietly(body);
        String code = textField(parsed, "serverErrorCode").orElse(defaultCode(status));
        String reason = textField(parsed, "reason").orElseGet(() -> snippetOrStatus(status, body));
        Duration retryAfter = retryAfterSeconds(parsed).orElseGet(() -> retryAfterHeader(headers));
        return new CloudKitRequestException(code, status, reason, retryAfter, null);
    }

    /**
     * A per-zone error inside a 200 answer (CloudKit reports zone failures beside successful zones). An expired
     * token gets the status it has as a whole answer (410), so callers can match on either.
     */
    static CloudKitRequestException fromZoneEntry(int status, JsonNode zoneEntry) {
        String code = textField(zoneEntry, "serverErrorCode").orElse(CloudKitErrors.BAD_RESPONSE);
        String reason = textField(zoneEntry, "reason").orElse("zone entry carries an error");
        int effectiveStatus = CloudSourceErrors.CHANGE_TOKEN_EXPIRED.equals(code) ? HTTP_GONE : status;
        return new CloudKitRequestException(
                code, effectiveStatus, reason, retryAfterSeconds(zoneEntry).orElse(null), null);
    }

    /** Without a code in the body the status decides; 410 Gone is CloudKit's expired change token. */
    private static String defaultCode(int status) {
        return status == HTTP_GONE ? CloudSourceErrors.CHANGE_TOKEN_EXPIRED : "HTTP_" + status;
    }

    private JsonNode parseQuietly(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Optional<String> textField(JsonNode node, String name) {
        if (node == null
                || !node.path(name).isTextual()
                || node.path(name).asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(node.path(name).asText());
    }

    private static Optional<Duration> retryAfterSeconds(JsonNode node) {
        if (node == null
                || !node.path("retryAfter").isNumber()
                || node.path("retryAfter").asDouble() < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(node.path("retryAfter").asDouble() * 1000)));
    }

    /** {@code Retry-After} is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
    private Duration retryAfterHeader(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty() || value.get().isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.get());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String snippetOrStatus(int status, byte[] body) {
        if (body == null || body.length == 0) {
            return "HTTP " + status + " with an empty body";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "…";
    }
}
