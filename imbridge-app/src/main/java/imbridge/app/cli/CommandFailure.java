package imbridge.app.cli;

/**
 * A failure a command expects and knows the remedy of (a config file it cannot read, a source it cannot reach): it
 * throws this and {@link FailureLine} prints the one line, so every command fails the same way.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** For the commands that read the rooms as the bot (verify, audit). */
    static final String HOMESERVER_READ_FIX =
            "is the homeserver running, and are homeserver.address and appservice.as_token right?";

    private final String fix;

    /**
     * @param what what went wrong, in words an operator understands
     * @param fix  what to do about it
     */
    CommandFailure(String what, String fix, Throwable cause) {
        super(what, cause);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
