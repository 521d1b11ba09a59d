package imbridge.app.cli;

import imbridge.app.config.ConfigException;
import imbridge.app.doctor.Problems;
import imbridge.applelocal.backup.IosBackupException;
import imbridge.applelocal.chatdb.ChatDbOpenException;
import imbridge.core.port.MatrixException;
import imbridge.matrix.MatrixErrors;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * What {@link FailureLine} says about a failure: what went wrong, and what the operator can do about it. The remedy
 * comes from the kind of failure (the homeserver's error code, or the cause: a database, a local Apple source, a
 * refused connection); anything else points at {@code imbridge doctor}, which checks the whole setup.
 */
record FailureWords(String what, String fix) {
    private static final String DOCTOR = "'imbridge doctor -c <config>' checks the whole setup";

    static FailureWords of(Throwable e) {
        if (e instanceof CommandFailure f) {
            return words(Problems.message(f), f.fix());
        }
        if (e instanceof ConfigException) {
            return words(e.getMessage(), "correct it in the config file; " + DOCTOR);
        }
        if (e instanceof MatrixException m) {
            return homeserver(m);
        }
        if (causedBy(e, c -> c instanceof ChatDbOpenException || c instanceof IosBackupException)) {
            return words(Problems.message(e), "check source.path (and source.password for an encrypted backup)");
        }
        if (causedBy(
                e,
                c -> c instanceof SQLException
                        || c.getClass().getName().startsWith("org.flywaydb.")
                        || c.getClass().getName().startsWith("com.zaxxer.hikari."))) {
            return words(Problems.message(e), "check database.uri and that the database can be reached; " + DOCTOR);
        }
        if (causedBy(
                e,
                c -> c instanceof ConnectException
                        || c instanceof HttpConnectTimeoutException
                        || c instanceof UnknownHostException)) {
            return words(Problems.message(e), "is it running, and is its address in the config right?");
        }
        return words(Problems.message(e), DOCTOR);
    }

    private static FailureWords homeserver(MatrixException e) {
        String message = Problems.message(e);
        return switch (e.errcode()) {
            // The handshake's message names the way out too; said once, as the fix.
            case MatrixErrors.UNSUPPORTED_HOMESERVER ->
                words(
                        withoutCode(e, message).replace(" (" + MatrixErrors.UNSUPPORTED_HOMESERVER_FIX + ")", ""),
                        MatrixErrors.UNSUPPORTED_HOMESERVER_FIX);
            case MatrixErrors.TRANSPORT ->
                words("homeserver: " + message, "is the homeserver running, and is homeserver.address right?");
            case "M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN" ->
                words(
                        "homeserver: " + message,
                        "appservice.as_token must match the registration the homeserver loaded");
            default ->
                words("homeserver: " + message, "'imbridge doctor -c <config>' checks the homeserver step by step");
        };
    }

    /** The message without the {@code ERRCODE (HTTP n): } prefix a request failure carries. */
    private static String withoutCode(MatrixException e, String message) {
        int end = message.indexOf("): ");
        return message.startsWith(e.errcode() + " (HTTP ") && end > 0 ? message.substring(end + 3) : message;
    }

    private static boolean causedBy(Throwable e, Predicate<Throwable> kind) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (kind.test(c)) {
                return true;
            }
        }
        return false;
    }

    /** One line, whatever the messages held (Flyway's span several). */
    private static FailureWords words(String what, String fix) {
        return new FailureWords(what.strip().replaceAll("\\s*\\R\\s*", " "), fix);
    }
}
