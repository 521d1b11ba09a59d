package imbridge.core.sync;

/** What the controller finds at start (behaviour.md §4.3). */
public enum BootstrapState {
    /** No portal room and no sync state: start from nothing. */
    FRESH,
    /** Sync state but no portal room yet: resume from the saved tokens. */
    INTERRUPTED,
    /** Portals exist: incremental, with one-time re-downloads when the version markers are old. */
    EXISTING
}
