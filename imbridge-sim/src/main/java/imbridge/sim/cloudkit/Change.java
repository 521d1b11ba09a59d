package imbridge.sim.cloudkit;

/**
 * One entry of a zone's change history: a record version, or a tombstone when {@code record} is null.
 *
 * @param sequence 1-based position in the zone's change history
 */
public record Change(long sequence, String recordName, CkRecord record) {

    public boolean deleted() {
        return record == null;
    }

    /** CloudKit's {@code recordChangeTag}: identifies this version of the record. */
    public String changeTag() {
        return Long.toString(sequence, 36);
    }
}
