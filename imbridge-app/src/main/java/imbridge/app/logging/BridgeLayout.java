package imbridge.app.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;
import java.util.Locale;

/**
 * The layout of every appender in {@code logback.xml}: {@code format} {@code text} (the {@code pattern}) or
 * {@code json} ({@link JsonLineLayout}), chosen by the config's {@code logging.format}; either way the configured
 * secrets are masked.
 */
public final class BridgeLayout extends LayoutBase<ILoggingEvent> {
    private String format = "text";
    private String pattern = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";
    private Layout<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if ("json".equals(format.strip().toLowerCase(Locale.ROOT))) {
            delegate = new JsonLineLayout();
        } else {
            PatternLayout text = new PatternLayout();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String line = delegate.doLayout(event);
        return delegate instanceof JsonLineLayout ? line : LogSecrets.mask(line);
    }
}
