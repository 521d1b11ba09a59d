package imbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.config.BridgeConfig;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.cloudkit.CloudKitErrors;
import imbridge.cloudkit.CloudKitRequestException;
import imbridge.cloudkit.HttpCloudKitTransport;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudSourceException;
import imbridge.core.util.Ticker;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * The sync's baseline: a plain sequential client fetching the change feeds from the beginning, one
 * page after another and one zone after another, through the CloudKit module's HTTP layer (the JSON
 * is parsed to follow the tokens, never decoded into records). It stops each zone after as many
 * pages as the bridge's bootstrap committed there, so both fetch the same pages.
 */
final class FetchBound {
    /** A page the simulator answers with an (injected) error is asked again, at most this often in a row. */
    private static final int MAX_ATTEMPTS = 20;

    private static final String OWNER_NAME = "_defaultOwner";

    private final HttpCloudKitTransport transport;
    private final ObjectMapper json = new ObjectMapper();
    private final int resultsLimit;
    private final Ticker ticker;

    FetchBound(BridgeConfig.CloudKit ck, Ticker ticker) {
        this.ticker = ticker;
        CloudKitConfig config =
                new CloudKitConfig(ck.databaseUrl(), ck.apiToken(), ck.resultsLimit(), ck.requestTimeout());
        this.transport = new HttpCloudKitTransport(
                config,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                json);
        this.resultsLimit = ck.resultsLimit();
    }

    /** Milliseconds to fetch {@code pagesPerZone} pages of each zone, sequentially. */
    long measureMs(Map<Zone, Integer> pagesPerZone) throws CloudSourceException {
        long started = ticker.nanos();
        for (Map.Entry<Zone, Integer> zone : pagesPerZone.entrySet()) {
            fetchZone(zone.getKey(), zone.getValue());
        }
        return ticker.millisSince(started);
    }

    private void fetchZone(Zone zone, int pages) throws CloudSourceException {
        String token = null;
        for (int page = 0; page < pages; page++) {
            JsonNode entry = fetchPage(zone, token);
            token = entry.path("syncToken").asText(null);
            if (!entry.path("moreComing").asBoolean(false)) {
                return;
            }
        }
    }

    private JsonNode fetchPage(Zone zone, String token) throws CloudSourceException {
        CloudSourceException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                JsonNode entry = transport
                        .post("changes/zone", request(zone, token))
                        .json()
                        .path("zones")
                        .path(0);
                if (!entry.hasNonNull("serverErrorCode") && entry.hasNonNull("syncToken")) {
                    return entry;
                }
            } catch (CloudSourceException e) {
                last = e;
            }
        }
        throw last != null
                ? last
                : new CloudKitRequestException(
                        CloudKitErrors.BAD_RESPONSE,
                        200,
                        "no page of " + zone.zoneName() + " after " + MAX_ATTEMPTS + " attempts",
                        null,
                        null);
    }

    private ObjectNode request(Zone zone, String token) {
        ObjectNode body = json.createObjectNode();
        ObjectNode entry = body.putArray("zones").addObject();
        entry.putObject("zoneID").put("zoneName", zone.zoneName()).put("ownerName", OWNER_NAME);
        if (token != null) {
            entry.put("syncToken", token);
        }
        entry.put("resultsLimit", resultsLimit);
        return body;
    }
}
