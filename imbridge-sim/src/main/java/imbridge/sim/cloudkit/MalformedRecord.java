package imbridge.sim.cloudkit;

import java.util.Objects;

/**
 * A record a correct bridge must quarantine: an otherwise ordinary record with one {@link Defect}. It lives in its
 * zone like any other record, is never part of the ground truth's portals and is listed in its
 * {@code rejectedRecords}.
 */
public record MalformedRecord(CkRecord base, Defect defect) implements CkRecord {

    public MalformedRecord {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(defect, "defect");
        if (base instanceof MalformedRecord) {
            throw new IllegalArgumentException("a malformed record wraps a well-formed one");
        }
    }

    @Override
    public String recordName() {
        return base.recordName();
    }

    @Override
    public String recordType() {
        return base.recordType();
    }

    @Override
    public String zoneName() {
        return base.zoneName();
    }

    public String reason() {
        return defect.reason();
    }
}
