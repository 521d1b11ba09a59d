package imbridge.core.sync;

import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the sync records as it goes: committed pages, records, tombstones and rejects per zone (counted when a page
 * commits, so a long first pass shows progress), and each pass's duration by outcome.
 */
public final class SyncMeters {
    /** Records nowhere: a registry without children makes no-op meters. */
    public static final SyncMeters NONE = new SyncMeters(new CompositeMeterRegistry());

    private final Map<Zone, ZoneCounters> zones = new EnumMap<>(Zone.class);
    private final MeterRegistry registry;

    public SyncMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Zone zone : Zone.values()) {
            zones.put(zone, new ZoneCounters(registry, zone));
        }
    }

    void pageCommitted(Zone zone, ZonePage<?> page) {
        ZoneCounters c = zones.get(zone);
        c.pages.increment();
        c.records.increment(page.records().size());
        c.tombstones.increment(page.deletedRecordNames().size());
        c.rejects.increment(page.rejects().size());
    }

    /** A whole pass (all three zones) ended; {@code outcome} is {@code ok}, {@code failed} or {@code cancelled}. */
    void passEnded(String outcome, Duration took) {
        Timer.builder("imbridge.sync.pass")
                .description("duration of a sync pass over the three zones")
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }

    private static final class ZoneCounters {
        final Counter pages;
        final Counter records;
        final Counter tombstones;
        final Counter rejects;

        ZoneCounters(MeterRegistry registry, Zone zone) {
            pages = counter(registry, "imbridge.sync.pages", "pages committed", zone);
            records = counter(registry, "imbridge.sync.records", "records ingested", zone);
            tombstones = counter(registry, "imbridge.sync.tombstones", "record deletions ingested", zone);
            rejects = counter(registry, "imbridge.sync.rejects", "records quarantined as unreadable", zone);
        }

        private static Counter counter(MeterRegistry registry, String name, String description, Zone zone) {
            return Counter.builder(name)
                    .description(description)
                    .tag("zone", zone.zoneName())
                    .register(registry);
        }
    }
}
