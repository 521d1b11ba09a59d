package imbridge.app.demo;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap this JVM used while it was watched. Heap use only grows between collections, so the largest
 * "used before GC" over all collections (and the use when the watch ends) is the peak; the largest "used after
 * GC" is the peak of what was really live. Summing the memory pools' own peaks instead would add peaks reached
 * at different moments and overstate it.
 */
public final class HeapPeak implements AutoCloseable, NotificationListener {
    private static final long MIB = 1024 * 1024;
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    private HeapPeak() {}

    public static HeapPeak watch() {
        HeapPeak peak = new HeapPeak();
        for (GarbageCollectorMXBean gc : peak.collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(peak, null, null);
            }
        }
        peak.sampleNow();
        return peak;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo();
        peakUsed.accumulateAndGet(heapOnly(info.getMemoryUsageBeforeGc()), Math::max);
        peakLive.accumulateAndGet(heapOnly(info.getMemoryUsageAfterGc()), Math::max);
    }

    /** GC infos list every pool, heap and non-heap; only the heap pools count. */
    private static long heapOnly(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pools.get(pool.getName());
            if (u != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    private void sampleNow() {
        peakUsed.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** {@code maxHeapMiB} (-Xmx), {@code peakHeapMiB} and {@code peakLiveHeapMiB} so far. */
    public Map<String, Object> facts() {
        sampleNow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / MIB);
        out.put("peakHeapMiB", peakUsed.get() / MIB);
        out.put("peakLiveHeapMiB", peakLive.get() / MIB);
        return out;
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException ignored) {
                    // never added to this collector
                }
            }
        }
    }
}
