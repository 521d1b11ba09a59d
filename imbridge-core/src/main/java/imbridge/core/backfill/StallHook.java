package imbridge.core.backfill;

/**
 * Called by the {@link BackfillMonitor} when forward backfill made no progress for the stall timeout.
 * The live path implements it to release the live messages it holds back for the stalled portals
 * (behaviour.md W12: the progress-aware replacement of the original's fixed APNs-buffer safety net, F16).
 */
@FunctionalInterface
public interface StallHook {
    StallHook NONE = report -> {};

    void onStall(StallReport report);
}
