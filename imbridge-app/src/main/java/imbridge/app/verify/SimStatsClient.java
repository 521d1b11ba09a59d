package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the CloudKit simulator's counters over HTTP ({@code GET <sim>/_sim/stats}). */
public final class SimStatsClient {
    private SimStatsClient() {}

    public static SimulatorStats fetch(String simBaseUrl) {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(HttpGet.TIMEOUT).build()) {
            return fetch(simBaseUrl, http);
        }
    }

    /** @param simBaseUrl the simulator's base URL, with or without the CloudKit container path */
    public static SimulatorStats fetch(String simBaseUrl, HttpClient http) {
        URI uri = URI.create(TruthClient.serverRoot(simBaseUrl) + "/_sim/stats");
        try {
            return parse(new HttpGet(http, Map.of()).json(uri));
        } catch (IOException e) {
            // a refused connection has no message, only its type
            throw new UncheckedIOException(
                    "cannot read simulator stats from " + uri + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        }
    }

    static SimulatorStats parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("simulator stats must be a JSON object");
        }
        return new SimulatorStats(
                count(root, "requests"),
                count(root, "recoverableZoneAccesses"),
                counts(root, "pagesServed"),
                counts(root, "requestsByZone"),
                counts(root, "faultsInjected"));
    }

    private static long count(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("simulator stats: '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    /** A map of counters; a bare number (an older simulator's total) becomes {@code {"total": n}}. */
    private static Map<String, Long> counts(JsonNode root, String field) {
        JsonNode value = root.get(field);
        Map<String, Long> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isIntegralNumber()) {
            out.put("total", value.asLong());
            return out;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("simulator stats: '" + field + "' must be an object of counters");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException(
                        "simulator stats: '" + field + "." + entry.getKey() + "' must be an integer");
            }
            out.put(entry.getKey(), entry.getValue().asLong());
        }
        return out;
    }
}
