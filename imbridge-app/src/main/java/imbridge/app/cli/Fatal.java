package imbridge.app.cli;

import imbridge.core.sync.FatalErrorHandler;
import org.slf4j.LoggerFactory;

/** Production policy for unexpected errors in the engine: log and halt, so a supervisor restarts cleanly. */
final class Fatal {
    static final FatalErrorHandler HALT = (where, error) -> {
        LoggerFactory.getLogger(Fatal.class).error("FATAL in {}: halting", where, error);
        System.err.println("imbridge: fatal error in " + where + ": " + error + " (stack trace in "
                + System.getProperty("imbridge.log.dir", "imbridge-data") + "/imbridge.log)");
        Runtime.getRuntime().halt(70);
    };

    private Fatal() {}
}
