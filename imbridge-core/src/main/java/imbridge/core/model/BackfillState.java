package imbridge.core.model;

/** Per-portal forward backfill progress (table {@code backfill_state}). */
public record BackfillState(
        String portalId,
        BackfillStatus status,
        BackfillCursor cursor,
        long messagesDone,
        long partsSent,
        String lastError,
        long updatedMs) {

    public static BackfillState initial(String portalId, long nowMs) {
        return new BackfillState(portalId, BackfillStatus.PENDING, BackfillCursor.START, 0, 0, null, nowMs);
    }
}
