package imbridge.app.verify;

import java.util.Locale;
import java.util.Objects;

/**
 * The identity of one expected message part: upper-cased message GUID plus {@code text} or {@code att<i>}.
 * GUIDs are compared case-insensitively (CloudKit sends them lower-case, other paths upper-case).
 */
public record PartId(String guid, String part) {
    public PartId {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(part, "part");
        guid = guid.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return guid + "/" + part;
    }
}
