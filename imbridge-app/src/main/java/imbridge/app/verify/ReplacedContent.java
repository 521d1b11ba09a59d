package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Undoes server-side edits. Homeservers before MSC3925 (e.g. Synapse 1.67) serve an edited event with the content of
 * its latest edit and name the edit in {@code unsigned.m.relations.m.replace} (event ID, sender and time only); the
 * verifier judges the original (its part marker, its formatting) and applies edits itself from the edit events. Since
 * MSC3925 that {@code m.replace} is the whole edit event and the content is the original already.
 */
final class ReplacedContent {
    private final ClientServerHttp http;

    ReplacedContent(ClientServerHttp http) {
        this.http = http;
    }

    /** Whether the server replaced {@code event}'s content with an edit's (it names the edit but does not embed it). */
    static boolean replaced(JsonNode event) {
        JsonNode replace = event.path("unsigned").path("m.relations").path("m.replace");
        return replace.isObject() && !replace.has("content");
    }

    /**
     * {@code event} with its original content: fetched on its own ({@code GET /rooms/{id}/event/{eventId}}), which
     * servers that apply edits only in timelines answer unedited. When that is edited too, the served content stays
     * (it is the latest edit's {@code m.new_content}, which carries the bridge's part marker since the marker went in
     * there as well).
     */
    JsonNode original(String roomPath, JsonNode event) throws IOException {
        if (!replaced(event) || !event.path("event_id").isTextual()) {
            return event;
        }
        JsonNode fetched = http.json(
                roomPath + "/event/" + HttpGet.segment(event.path("event_id").asText()), Map.of());
        return replaced(fetched) || !fetched.path("content").isObject() ? event : fetched;
    }
}
