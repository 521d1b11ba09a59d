package imbridge.matrix;

/**
 * What the bridge does with Matrix-side events, as routed by {@link MatrixEventRouter}. Called on the
 * appservice transaction thread, in transaction order; the homeserver is answered only after every call
 * returned, so implementations queue durably (or act) and return, and throwing makes the homeserver
 * retry the transaction (events already handled are left out then, see {@link AppserviceServer}).
 */
public interface MatrixEventListener {

    /** A membership change of a real user (or of the bot, by a real user). */
    void onMembership(MembershipChange change) throws Exception;

    /** A command a real user sent in a management room. */
    void onCommand(BotCommand command) throws Exception;
}
