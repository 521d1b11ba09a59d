package imbridge.app.cli;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How every command fails: ONE line on stderr, {@code imbridge <cmd>: <what> (<fix>; details in <log>)}, the stack
 * trace at ERROR in the log file only, and exit status {@link #EXIT_STATUS}. Commands just throw; start-up failures
 * an operator causes (an unreachable or unsupported homeserver, a refused token, a missing database or source file,
 * a bad config) are expected, and a stack trace would only hide the one sentence that matters. The words come from
 * {@link FailureWords}.
 */
final class FailureLine implements IExecutionExceptionHandler {
    /**
     * The exit status of a command that could not do its job. 0 is success (also a stop by SIGTERM/Ctrl-C) and 1 is
     * "ran, and the verdict is negative" (verify, audit, demo, doctor, run --exit-after-sync).
     */
    static final int EXIT_STATUS = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String command = cmd.getCommandSpec().qualifiedName(" ");
        FailureWords words = FailureWords.of(e);
        String line = command + ": " + words.what() + " (" + words.fix() + "; details in " + logFile() + ")";
        // logback.xml sends this logger to the file only: the console has the line below, once
        LoggerFactory.getLogger(FailureLine.class).error("{}", line, e);
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return EXIT_STATUS;
    }

    private static Path logFile() {
        return Path.of(System.getProperty("imbridge.log.dir", "imbridge-data"), "imbridge.log");
    }
}
