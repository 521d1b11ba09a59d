package imbridge.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line for log collectors: {@code ts} (ISO-8601 UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, the MDC entries under {@code mdc}, and {@code stack} when there is a throwable.
 * Every string goes through {@link LogSecrets#mask}.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String doLayout(ILoggingEvent event) {
        ObjectNode line = json.createObjectNode();
        line.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        line.put("message", LogSecrets.mask(event.getFormattedMessage()));
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            ObjectNode m = line.putObject("mdc");
            mdc.forEach((k, v) -> m.put(k, LogSecrets.mask(v)));
        }
        if (event.getThrowableProxy() != null) {
            line.put("stack", LogSecrets.mask(ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        try {
            return json.writeValueAsString(line) + CoreConstants.LINE_SEPARATOR;
        } catch (JsonProcessingException e) {
            // a tree of strings always serialises; keep the line rather than lose the event
            return "{\"level\":\"ERROR\",\"message\":\"log line not serialisable\"}" + CoreConstants.LINE_SEPARATOR;
        }
    }
}
