package imbridge.core.model;

/**
 * The identity of one Matrix event produced from one message: {@code (guid_norm, part)} with part
 * {@code text} or {@code att<i>}. Live and backfill paths derive it the same way.
 */
public record PartKey(String guidNorm, String part) {
    public static final String TEXT = "text";

    public PartKey {
        guidNorm = Guids.normalize(guidNorm);
    }

    public static PartKey text(String guid) {
        return new PartKey(guid, TEXT);
    }

    public static PartKey attachment(String guid, int index) {
        return new PartKey(guid, "att" + index);
    }

    /** Send transaction ID: the same part always gets the same ID, so a retried send is deduplicated. */
    public String txnId() {
        return "imb." + guidNorm + "." + part;
    }
}
