package imbridge.sim.cloudkit;

/** A live CloudKit record held by the simulator; rendered to a CloudKit record dictionary on the wire. */
public sealed interface CkRecord permits ChatRecord, MessageRecord, AttachmentRecord, MalformedRecord {

    String recordName();

    String recordType();

    /** The zone this kind of record lives in. */
    String zoneName();
}
