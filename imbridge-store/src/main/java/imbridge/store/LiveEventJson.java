package imbridge.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageExtras;
import java.util.List;
import java.util.Objects;

/**
 * The {@code payload_json} of a {@code live_inbox} row: a whole {@link LiveEvent}, with explicit snake_case
 * names so renaming a Java field never orphans events already queued. Unknown names are ignored, so a newer
 * build's rows still read.
 */
final class LiveEventJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LiveEventJson() {}

    static String write(LiveEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            return MAPPER.writeValueAsString(EventJson.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode live event " + event.eventKey(), e);
        }
    }

    static LiveEvent read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("live inbox row without a payload");
        }
        try {
            return MAPPER.readValue(json, EventJson.class).toModel();
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String shown = json.length() <= 200 ? json : json.substring(0, 200) + "…";
            throw new IllegalStateException("corrupt live inbox payload: " + shown, e);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventJson(
            @JsonProperty("seq") long seq,
            @JsonProperty("kind") String kind,
            @JsonProperty("stored") boolean stored,
            @JsonProperty("guid") String guid,
            @JsonProperty("chat_id") String chatId,
            @JsonProperty("sender") String sender,
            @JsonProperty("from_me") boolean fromMe,
            @JsonProperty("timestamp_ms") long timestampMs,
            @JsonProperty("text") String text,
            @JsonProperty("subject") String subject,
            @JsonProperty("service") String service,
            @JsonProperty("attachments") List<JsonColumns.AttachmentJson> attachments,
            @JsonProperty("extras") ExtrasJson extras,
            @JsonProperty("target_guid") String targetGuid,
            @JsonProperty("new_text") String newText,
            @JsonProperty("participants") List<String> participants,
            @JsonProperty("group_name") String groupName) {

        static EventJson of(LiveEvent e) {
            return new EventJson(
                    e.seq(),
                    e.kind().name(),
                    e.stored(),
                    e.guid(),
                    e.chatId(),
                    e.sender(),
                    e.fromMe(),
                    e.timestampMs(),
                    e.text(),
                    e.subject(),
                    e.service(),
                    e.attachments().stream().map(JsonColumns.AttachmentJson::of).toList(),
                    e.extras().equals(MessageExtras.NONE) ? null : ExtrasJson.of(e.extras()),
                    e.targetGuid(),
                    e.newText(),
                    e.participants(),
                    e.groupName());
        }

        LiveEvent toModel() {
            return new LiveEvent(
                    seq,
                    LiveEvent.Kind.valueOf(kind),
                    stored,
                    guid,
                    chatId,
                    sender,
                    fromMe,
                    timestampMs,
                    text,
                    subject,
                    service,
                    attachments == null
                            ? List.of()
                            : attachments.stream()
                                    .map(JsonColumns.AttachmentJson::toModel)
                                    .toList(),
                    extras == null ? MessageExtras.NONE : extras.toModel(),
                    targetGuid,
                    newText,
                    participants,
                    groupName);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExtrasJson(
            @JsonProperty("tapback_type") Integer tapbackType,
            @JsonProperty("tapback_target_guid") String tapbackTargetGuid,
            @JsonProperty("tapback_emoji") String tapbackEmoji,
            @JsonProperty("reply_guid") String replyToGuid,
            @JsonProperty("unsent") boolean unsent,
            @JsonProperty("edited_at_ms") long editedAtMs,
            @JsonProperty("date_read_ms") long dateReadMs,
            @JsonProperty("msg_type") int msgType) {

        static ExtrasJson of(MessageExtras x) {
            return new ExtrasJson(
                    x.tapbackType(),
                    x.tapbackTargetGuid(),
                    x.tapbackEmoji(),
                    x.replyToGuid(),
                    x.unsent(),
                    x.editedAtMs(),
                    x.dateReadMs(),
                    x.msgType());
        }

        MessageExtras toModel() {
            return new MessageExtras(
                    tapbackType, tapbackTargetGuid, tapbackEmoji, replyToGuid, unsent, editedAtMs, dateReadMs, msgType);
        }
    }
}
