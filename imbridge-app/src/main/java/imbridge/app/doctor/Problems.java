package imbridge.app.doctor;

/** The words of a failure for one line of output: the message, or the class when there is none, plus the root cause. */
public final class Problems {
    private Problems() {}

    public static String message(Throwable e) {
        String own = e.getMessage() != null ? e.getMessage() : nameOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = root.getMessage() != null ? root.getMessage() : nameOf(root);
        if (root == e || own.contains(rootMessage)) {
            return own;
        }
        return own + " (" + rootMessage + ")";
    }

    /** A failure without a message: the JDK's connection refusals have none. */
    private static String nameOf(Throwable e) {
        return e instanceof java.net.ConnectException
                ? "connection refused"
                : e.getClass().getSimpleName();
    }
}
