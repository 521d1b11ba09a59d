package imbridge.app.cli;

import imbridge.core.port.MatrixException;
import imbridge.matrix.MatrixErrors;
import org.slf4j.LoggerFactory;

/**
 * A start-up the operator must fix (today: a homeserver older than the bridge supports) is one clear line on the
 * console and a non-zero exit; the stack trace goes to the log only.
 */
final class StartupFailure {
    static final int EXIT_CODE = 1;

    private StartupFailure() {}

    /** Whether {@code e} is such a failure rather than a bug. */
    static boolean expected(Throwable e) {
        return e instanceof MatrixException m && MatrixErrors.UNSUPPORTED_HOMESERVER.equals(m.errcode());
    }

    /** Logs {@code e} with its stack trace, prints one line for the operator, and returns the exit code. */
    static int report(String command, MatrixException e) {
        LoggerFactory.getLogger("imbridge.startup").error("imbridge {}: start-up failed", command, e);
        System.err.println("imbridge " + command + ": cannot start: " + withoutCode(e));
        return EXIT_CODE;
    }

    /** The message without the {@code ERRCODE (HTTP n): } prefix a request failure carries. */
    private static String withoutCode(MatrixException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf("): ");
        return message.startsWith(e.errcode() + " (HTTP ") && end > 0 ? message.substring(end + 3) : message;
    }
}
