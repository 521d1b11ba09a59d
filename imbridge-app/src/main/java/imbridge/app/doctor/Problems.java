package imbridge.app.doctor;

/** The words of a failure for one line of output: the message, or the class when there is none, plus the root cause. */
public final class Problems {
    private Problems() {}

    public static String message(Throwable e) {
        String own = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e || root.getMessage() == null || own.contains(root.getMessage())) {
            return own;
        }
        return own + " (" + root.getMessage() + ")";
    }
}
