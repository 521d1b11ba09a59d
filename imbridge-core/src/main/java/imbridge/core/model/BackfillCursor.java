package imbridge.core.model;

/** Keyset position {@code (timestamp_ms, guid_norm)}: rows strictly after it are still to send. */
public record BackfillCursor(long timestampMs, String guidNorm) {
    public static final BackfillCursor START = new BackfillCursor(Long.MIN_VALUE, "");
    /** After every row: {@code messagesBefore(END)} reads from the newest. */
    public static final BackfillCursor END = new BackfillCursor(Long.MAX_VALUE, "");
}
