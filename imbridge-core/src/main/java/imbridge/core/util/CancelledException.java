package imbridge.core.util;

/** Thrown by waits and checks once the login's {@link CancellationToken} is cancelled. */
public class CancelledException extends Exception {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled");
    }
}
