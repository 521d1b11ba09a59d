package imbridge.matrix;

import imbridge.core.matrixside.MembershipChange;

/**
 * What the bridge does with Matrix-side events, as routed by {@link MatrixEventRouter}: one event at a
 * time, in the homeserver's order. In the bridge the caller is the {@link MatrixInboxWorker}, which
 * marks the event consumed when the call returns and retries it later when it throws, so
 * implementations must be idempotent.
 */
public interface MatrixEventListener {

    /** A membership change of a real user (or of the bot, by a real user). */
    void onMembership(MembershipChange change) throws Exception;

    /** A command a real user sent in a management room. */
    void onCommand(BotCommand command) throws Exception;

    /** A message the owner sent in a portal room (to be sent to iMessage). */
    default void onOwnerMessage(imbridge.core.matrixside.OwnerMessage message) throws Exception {}
}
