package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A 2xx CloudKit answer: its JSON, and whether the body held bytes that were not UTF-8 (decoded as U+FFFD), in
 * which case records carrying U+FFFD are quarantined as {@link RejectReasons#INVALID_UTF8}.
 */
public record CloudKitAnswer(JsonNode json, boolean hadInvalidUtf8) {
    public CloudKitAnswer {
        Objects.requireNonNull(json, "json");
    }

    /** An answer whose body was valid UTF-8 (canned answers, decorators that build JSON themselves). */
    public static CloudKitAnswer of(JsonNode json) {
        return new CloudKitAnswer(json, false);
    }
}
