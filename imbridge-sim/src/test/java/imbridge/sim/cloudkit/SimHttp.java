package imbridge.sim.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain JDK HTTP client for talking to the simulator over loopback in tests. */
final class SimHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, byte[] body) {
        /** Decodes leniently, as the contract asks of clients: invalid UTF-8 becomes U+FFFD. */
        JsonNode json() {
            try {
                return JSON.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One zone page as returned by changes/zone. */
    record ZonePage(List<JsonNode> records, String syncToken, boolean moreComing) {}

    private final HttpClient client = HttpClient.newHttpClient();

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    Response post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Response post(String url, JsonNode body) {
        return post(url, body.toString());
    }

    static ObjectNode changesRequest(String zone, String token, Integer resultsLimit) {
        ObjectNode entry = JSON.createObjectNode();
        entry.putObject("zoneID").put("zoneName", zone).put("ownerName", Zones.OWNER);
        if (token != null) {
            entry.put("syncToken", token);
        }
        if (resultsLimit != null) {
            entry.put("resultsLimit", resultsLimit);
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("zones").add(entry);
        return body;
    }

    ZonePage changes(String databaseUrl, String zone, String token, Integer resultsLimit) {
        Response response = post(databaseUrl + "/changes/zone", changesRequest(zone, token, resultsLimit));
        if (response.status() != 200) {
            throw new AssertionError("changes/zone answered " + response.status() + ": " + new String(response.body()));
        }
        JsonNode zoneNode = response.json().get("zones").get(0);
        List<JsonNode> records = new ArrayList<>();
        zoneNode.get("records").forEach(records::add);
        return new ZonePage(
                records,
                zoneNode.get("syncToken").asText(),
                zoneNode.get("moreComing").asBoolean());
    }

    /** Pages a zone from {@code token} until moreComing is false; returns the pages. */
    List<ZonePage> drain(String databaseUrl, String zone, String token, Integer resultsLimit) {
        List<ZonePage> pages = new ArrayList<>();
        String current = token;
        for (int guard = 0; guard < 100_000; guard++) {
            ZonePage page = changes(databaseUrl, zone, current, resultsLimit);
            pages.add(page);
            current = page.syncToken();
            if (!page.moreComing()) {
                return pages;
            }
        }
        throw new AssertionError("zone " + zone + " never finished");
    }

    static ObjectNode lookupRequest(String zone, String... recordNames) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("zoneID").put("zoneName", zone);
        ArrayNode records = body.putArray("records");
        for (String name : recordNames) {
            records.addObject().put("recordName", name);
        }
        return body;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
