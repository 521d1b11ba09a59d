package imbridge.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.EventQuarantine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of an appservice transaction. Only a body that is not a JSON object with an {@code events} array
 * is refused ({@link BadRequestBody}); within it, every event the bridge cannot use, and every ephemeral or to-device
 * section or entry of an odd shape, becomes a quarantine entry, and the usable events are handled as usual. A
 * homeserver retries a refused transaction forever, holding back everything after it, so one odd event must never
 * refuse the rest.
 *
 * @param events      the usable timeline events, in order, as maps
 * @param quarantined what cannot be used, with the reason
 */
record TransactionBody(List<Map<String, Object>> events, List<EventQuarantine.Entry> quarantined) {

    /** Enough of an event for an operator to recognise it; bounds what one odd event can cost the store. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    static final String EVENTS = "events";

    /** Sections the bridge does not act on; read only to quarantine what has an odd shape. */
    static final List<String> EPHEMERAL_SECTIONS =
            List.of("ephemeral", "de.sorunome.msc2409.ephemeral", "to_device", "de.sorunome.msc2409.to_device");

    static TransactionBody parse(ObjectMapper json, String txnId, byte[] body) throws BadRequestBody {
        JsonNode root = readJson(json, body);
        JsonNode events = root.get(EVENTS);
        if (!root.isObject() || events == null || !events.isArray()) {
            throw new BadRequestBody("M_BAD_JSON", "transaction body needs an \"events\" array");
        }
        List<Map<String, Object>> usable = new ArrayList<>(events.size());
        List<EventQuarantine.Entry> quarantined = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String problem = EventShape.timelineProblem(event);
            if (problem == null) {
                usable.add(json.convertValue(event, MatrixJson.MAP));
            } else {
                quarantined.add(entry(txnId, EVENTS, i, event, problem));
            }
        }
        for (String section : EPHEMERAL_SECTIONS) {
            JsonNode entries = root.get(section);
            if (entries == null || entries.isNull()) {
                continue;
            }
            if (!entries.isArray()) {
                quarantined.add(entry(txnId, section, -1, entries, "section_not_array"));
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                String problem = EventShape.ephemeralProblem(entries.get(i));
                if (problem != null) {
                    quarantined.add(entry(txnId, section, i, entries.get(i), problem));
                }
            }
        }
        return new TransactionBody(List.copyOf(usable), List.copyOf(quarantined));
    }

    /** Any JSON value; an empty or unparsable body is {@code M_NOT_JSON}. */
    static JsonNode readJson(ObjectMapper json, byte[] body) throws BadRequestBody {
        if (body == null || body.length == 0) {
            throw new BadRequestBody("M_NOT_JSON", "request body is empty");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestBody("M_NOT_JSON", "request body is not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestBody("M_NOT_JSON", "request body is not JSON");
        } catch (IOException e) {
            throw new BadRequestBody("M_NOT_JSON", "request body is unreadable");
        }
    }

    private static EventQuarantine.Entry entry(String txnId, String section, int position, JsonNode raw, String why) {
        JsonNode id = raw.get("event_id");
        String eventId = id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
        return new EventQuarantine.Entry(txnId, section, position, eventId, why, bounded(raw.toString()));
    }

    /** The first {@link #MAX_RAW_CHARS} characters, never splitting a surrogate pair. */
    static String bounded(String text) {
        if (text.length() <= MAX_RAW_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_RAW_CHARS - 1)) ? MAX_RAW_CHARS - 1 : MAX_RAW_CHARS;
        return text.substring(0, end);
    }
}
