package imbridge.core.backfill;

/** Progress callbacks (terminal, dashboard, metrics). Must be cheap and thread-safe. */
public interface BackfillProgress {
    BackfillProgress NONE = new BackfillProgress() {};

    default void portalStarted(String portalId, long messages) {}

    default void partsSent(String portalId, int parts) {}

    default void portalFinished(String portalId, boolean ok, String error) {}

    /** The portal's forward history is committed up to now (status DONE): from here on its live messages go at once. */
    default void historyCommitted(String portalId) {}
}
