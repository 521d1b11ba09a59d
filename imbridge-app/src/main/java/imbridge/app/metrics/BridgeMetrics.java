package imbridge.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bridge's metrics: one Prometheus registry (with the JVM's own meters) that every part records into, and
 * {@link #scrape()} for whatever serves {@code /metrics}. Some meters read state that is costly to compute per meter
 * (a database count, the live path's counters): their owners register a refresh that runs once before each scrape.
 */
public final class BridgeMetrics implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BridgeMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public BridgeMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape (it updates what its meters read). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        for (Runnable refresh : beforeScrape) {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                // e.g. the store closing at shutdown: that scrape shows the values read last time
                log.debug("metrics refresh failed", e);
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
