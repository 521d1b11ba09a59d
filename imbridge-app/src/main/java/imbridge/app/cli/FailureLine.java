package imbridge.app.cli;

import imbridge.app.config.ConfigException;
import imbridge.app.doctor.Problems;
import imbridge.core.port.MatrixException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that failed with an exception prints: ONE line saying what went wrong and where to look, with the
 * stack trace in the log only. Start-up failures an operator causes (an unreachable or unsupported homeserver, a
 * refused token, a missing database or source file, a bad config) are expected, and a stack trace would only hide
 * the one sentence that matters.
 */
final class FailureLine implements IExecutionExceptionHandler {
    /** The exit status of a command that could not do its job (1 is "ran, and the verdict is negative"). */
    static final int EXIT_STATUS = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String command = cmd.getCommandSpec().qualifiedName(" ");
        LoggerFactory.getLogger(FailureLine.class).error("{} failed", command, e);
        cmd.getErr().println(command + ": " + describe(e) + " (details in " + logFile() + ")");
        cmd.getErr().flush();
        return EXIT_STATUS;
    }

    /** The problem in words, with what to do for the failures an operator can fix. */
    static String describe(Throwable e) {
        if (e instanceof ConfigException) {
            return e.getMessage();
        }
        if (e instanceof MatrixException m) {
            return "homeserver: " + Problems.message(e) + hint(m.errcode());
        }
        return Problems.message(e) + "; 'imbridge doctor -c <config>' checks the whole setup";
    }

    private static String hint(String errcode) {
        return switch (errcode) {
            case "TRANSPORT" -> "; is the homeserver running and homeserver.address right?";
            case "UNSUPPORTED_HOMESERVER" -> "; upgrade it, or start with --ignore-unsupported-server";
            case "M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN" ->
                "; appservice.as_token must match the registration the homeserver loaded";
            default -> "; 'imbridge doctor -c <config>' checks the homeserver step by step";
        };
    }

    private static Path logFile() {
        return Path.of(System.getProperty("imbridge.log.dir", "imbridge-data"), "imbridge.log");
    }
}
