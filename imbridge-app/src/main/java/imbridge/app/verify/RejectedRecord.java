package imbridge.app.verify;

import java.util.Objects;

/** A malformed record the simulator planted and a correct bridge quarantines, with the simulator's reason. */
public record RejectedRecord(String zone, String recordName, String reason) {
    public RejectedRecord {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(reason, "reason");
    }
}
