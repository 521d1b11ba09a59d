package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudSource} over the CloudKit-shaped JSON protocol (wire-contracts.md §1): one
 * {@code POST changes/zone} per page, records decoded into the core model, assets streamed from their
 * {@code downloadURL}. It never retries: the engine's page loop decides, honouring
 * {@link CloudSourceException#retryAfter()}. Failures are {@link CloudKitRequestException}s, which keep the HTTP
 * status and say whether asking again may succeed ({@link CloudSourceException#isTransient()}).
 * Only the three zones of {@link Zone} are ever requested; the recoverable-delete zones are unreachable.
 */
public final class CloudKitClient implements CloudSource {
    static final String OWNER_NAME = "_defaultOwner";
    static final String CHANGES_ZONE = "changes/zone";
    static final String RECORDS_LOOKUP = "records/lookup";
    /** Thread-safe once built; shared by the transport and the decoders. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger log = LoggerFactory.getLogger(CloudKitClient.class);
    private final CloudKitConfig config;
    private final CloudKitTransport transport;
    private final ObjectMapper json;
    private final ZonePageDecoder<CloudChat> chats;
    private final ZonePageDecoder<CloudMessage> messages;
    private final ZonePageDecoder<CloudAttachment> attachments;
    /** URL lookups cut short on purpose (a hedged download that lost, a stop): counted, logged at DEBUG only. */
    private final java.util.concurrent.atomic.AtomicLong cancelledLookups =
            new java.util.concurrent.atomic.AtomicLong();

    public CloudKitClient(CloudKitConfig cfg, HttpClient http) {
        this(cfg, new HttpCloudKitTransport(cfg, http, JSON));
    }

    /** For a decorated transport (retries, rate limits, fault injection). */
    public CloudKitClient(CloudKitConfig cfg, CloudKitTransport transport) {
        this.config = Objects.requireNonNull(cfg, "cfg");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.json = JSON;
        this.chats = ZonePageDecoder.chats(json);
        this.messages = ZonePageDecoder.messages(json);
        this.attachments = ZonePageDecoder.attachments(json);
    }

    @Override
    public ZonePage<CloudChat> chatChanges(String syncToken) throws CloudSourceException {
        return changes(chats, syncToken);
    }

    @Override
    public ZonePage<CloudMessage> messageChanges(String syncToken) throws CloudSourceException {
        return changes(messages, syncToken);
    }

    @Override
    public ZonePage<CloudAttachment> attachmentChanges(String syncToken) throws CloudSourceException {
        return changes(attachments, syncToken);
    }

    @Override
    public InputStream openAsset(CloudAttachment attachment) throws CloudSourceException {
        Objects.requireNonNull(attachment, "attachment");
        if (attachment.downloadUrl() == null) {
            throw new CloudKitRequestException(
                    CloudKitErrors.BAD_RESPONSE,
                    0,
                    "attachment " + attachment.guid() + " has no download URL",
                    null,
                    null);
        }
        try {
            return transport.download(attachment.downloadUrl());
        } catch (CloudSourceException first) {
            if (Thread.currentThread().isInterrupted()) {
                throw first; // cancelled (a hedged attempt lost, a shutdown): nothing to look up, nothing to warn about
            }
            // Asset URLs are short-lived (and a server may move): ask for the record again for a fresh URL, once.
            String fresh = freshDownloadUrl(attachment.recordName());
            if (fresh == null || fresh.equals(attachment.downloadUrl())) {
                throw first;
            }
            log.info(
                    "asset {}: stored download URL failed ({}), retrying with a freshly looked-up URL",
                    attachment.recordName(),
                    first.getMessage());
            return transport.download(fresh);
        }
    }

    /** The attachment record's current download URL via {@code records/lookup}, or null when unavailable. */
    private String freshDownloadUrl(String recordName) {
        if (recordName == null || recordName.isBlank()) {
            return null;
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("zoneID").put("zoneName", Zone.ATTACHMENTS.zoneName()).put("ownerName", OWNER_NAME);
        body.putArray("records").addObject().put("recordName", recordName);
        try {
            CloudKitAnswer answer = transport.post(RECORDS_LOOKUP, body);
            ZonePage<CloudAttachment> page = attachments.decode(answer.json(), answer.hadInvalidUtf8());
            return page.records().stream()
                    .filter(a -> recordName.equals(a.recordName()))
                    .map(CloudAttachment::downloadUrl)
                    .findFirst()
                    .orElse(null);
        } catch (CloudSourceException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                // A hedged copy that lost, or a stop: cancelled on purpose, nothing for an operator to do.
                long n = cancelledLookups.incrementAndGet();
                log.debug("asset {}: lookup for a fresh download URL cancelled ({} so far)", recordName, n);
                return null;
            }
            log.warn("asset {}: lookup for a fresh download URL failed: {}", recordName, e.getMessage());
            return null;
        }
    }

    private <T> ZonePage<T> changes(ZonePageDecoder<T> decoder, String syncToken) throws CloudSourceException {
        Zone zone = decoder.zone();
        CloudKitAnswer answer = transport.post(CHANGES_ZONE, changesRequest(zone, syncToken));
        return decoder.decode(zoneEntry(answer.json(), zone), answer.hadInvalidUtf8());
    }

    private ObjectNode changesRequest(Zone zone, String syncToken) {
        ObjectNode body = json.createObjectNode();
        ObjectNode entry = body.putArray("zones").addObject();
        entry.putObject("zoneID").put("zoneName", zone.zoneName()).put("ownerName", OWNER_NAME);
        if (syncToken != null) {
            entry.put("syncToken", syncToken);
        }
        entry.put("resultsLimit", config.resultsLimit());
        return body;
    }

    /** The answer's entry for {@code zone}; a per-zone error inside a 200 answer is thrown as that error. */
    private static JsonNode zoneEntry(JsonNode response, Zone zone) throws CloudSourceException {
        JsonNode zones = response.path("zones");
        if (!zones.isArray()) {
            throw badResponse("changes/zone answer has no 'zones' array");
        }
        for (JsonNode entry : zones) {
            if (zone.zoneName().equals(entry.path("zoneID").path("zoneName").asText(null))) {
                if (entry.hasNonNull("serverErrorCode")) {
                    throw ErrorResponses.fromZoneEntry(200, entry);
                }
                return entry;
            }
        }
        throw badResponse("changes/zone answer has no entry for " + zone.zoneName());
    }

    private static CloudSourceException badResponse(String reason) {
        return new CloudKitRequestException(CloudKitErrors.BAD_RESPONSE, 200, reason, null, null);
    }
}
