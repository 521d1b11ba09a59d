package imbridge.app.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The last warnings and errors of the process, kept in memory for the dashboard: a logback appender on the root
 * logger holding a small ring. Attached in code, not in {@code logback.xml}, so it exists only where an operator
 * listener runs and the logging configuration stays the logging's own.
 */
public final class RecentProblems extends AppenderBase<ILoggingEvent> {
    /** Enough to see what went wrong lately; the log file has the rest. */
    public static final int CAPACITY = 50;

    private static final String NAME = "imbridge-recent-problems";

    /** One WARN or ERROR line. */
    public record Problem(long timeMs, String level, String logger, String message) {}

    private final Deque<Problem> ring = new ArrayDeque<>();

    private RecentProblems() {}

    /** The process's one ring, attached to the root logger on first use (a plain SLF4J binding: a ring that stays empty). */
    public static synchronized RecentProblems installed() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RecentProblems();
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) instanceof RecentProblems existing) {
            return existing;
        }
        RecentProblems appender = new RecentProblems();
        appender.setName(NAME);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = message + " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")";
        }
        Problem problem =
                new Problem(event.getTimeStamp(), event.getLevel().toString(), event.getLoggerName(), message);
        synchronized (ring) {
            if (ring.size() == CAPACITY) {
                ring.removeFirst();
            }
            ring.addLast(problem);
        }
    }

    /** Newest first. */
    public List<Problem> newestFirst() {
        synchronized (ring) {
            return new ArrayList<>(ring).reversed();
        }
    }
}
