package imbridge.core.model;

/**
 * The identity of one Matrix event produced from one message: {@code (guid_norm, part)} with part
 * {@code text}, {@code att<i>} or {@code reaction} (a tapback). Live and backfill paths derive it the same way.
 */
public record PartKey(String guidNorm, String part) {
    public static final String TEXT = "text";
    /** The part name of a tapback's {@code m.reaction} (keyed by the tapback record's own GUID). */
    public static final String REACTION = "reaction";

    public PartKey {
        guidNorm = Guids.normalize(guidNorm);
    }

    public static PartKey text(String guid) {
        return new PartKey(guid, TEXT);
    }

    public static PartKey attachment(String guid, int index) {
        return new PartKey(guid, "att" + index);
    }

    public static PartKey reaction(String tapbackGuid) {
        return new PartKey(tapbackGuid, REACTION);
    }

    /** Send transaction ID: the same part always gets the same ID, so a retried send is deduplicated. */
    public String txnId() {
        return "imb." + guidNorm + "." + part;
    }
}
