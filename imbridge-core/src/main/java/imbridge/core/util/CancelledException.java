package imbridge.core.util;

/** Thrown by waits and checks once the login's {@link CancellationToken} is cancelled. */
public class CancelledException extends Exception {
    public CancelledException() {
        super("cancelled");
    }
}
