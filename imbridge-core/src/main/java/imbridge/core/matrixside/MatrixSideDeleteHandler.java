package imbridge.core.matrixside;

/**
 * Acts on membership changes in portal rooms, above all the owner leaving or deleting a portal room
 * (the Matrix-side delete: soft-delete the portal's chat and messages, never touch the Apple side).
 * <p>
 * Called by the Matrix-side worker, one event at a time in the order the homeserver sent them, for
 * every membership change outside the management room. Returning marks the event consumed; throwing
 * leaves it queued and the worker tries again later, so implementations must be idempotent.
 */
@FunctionalInterface
public interface MatrixSideDeleteHandler {

    void onMembership(MembershipChange change) throws Exception;
}
