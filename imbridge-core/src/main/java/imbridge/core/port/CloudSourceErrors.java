package imbridge.core.port;

/** CloudKit error codes the engine reacts to specially. */
public final class CloudSourceErrors {
    /** The saved change token is too old: reset that zone's token and re-pull from the beginning. */
    public static final String CHANGE_TOKEN_EXPIRED = "CHANGE_TOKEN_EXPIRED";

    private CloudSourceErrors() {}
}
