package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Asset downloads with per-record scripts: fail the first N attempts, always fail, or stall until released. */
final class ScriptedAssets implements CloudSource {
    final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    /** Record names whose bytes the source knows it can never have (a local file not on disk). */
    final java.util.Set<String> unavailable = ConcurrentHashMap.newKeySet();

    final Map<String, Boolean> stall = new ConcurrentHashMap<>();
    /** The first N downloads of the record stall (until released or interrupted); later ones answer. */
    final Map<String, Integer> stallFirst = new ConcurrentHashMap<>();

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final AtomicInteger downloads = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    /** Counted down once per download that reached the stall point. */
    volatile CountDownLatch stalled = new CountDownLatch(0);

    static CloudAttachment attachment(String recordName, int size) {
        return new CloudAttachment(
                recordName,
                "g-" + recordName,
                "image/png",
                "public.png",
                recordName + ".png",
                size,
                AttachmentPipeline.sha256(new byte[size]),
                null);
    }

    @Override
    public InputStream openAsset(CloudAttachment a) throws CloudSourceException {
        int n = attempts.computeIfAbsent(a.recordName(), k -> new AtomicInteger())
                .incrementAndGet();
        downloads.incrementAndGet();
        peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            if (stall.getOrDefault(a.recordName(), false) || n <= stallFirst.getOrDefault(a.recordName(), 0)) {
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new InjectedFailure("stalled download interrupted");
                }
            }
            if (unavailable.contains(a.recordName())) {
                throw new imbridge.core.port.AssetUnavailableException(
                        imbridge.core.port.AssetUnavailableException.NOT_ON_DISK, "no file for " + a.recordName());
            }
            if (n <= failFirst.getOrDefault(a.recordName(), 0)) {
                throw new InjectedFailure("injected failure " + n + " of " + a.recordName());
            }
            return new ByteArrayInputStream(new byte[(int) a.size()]);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    int attemptsOf(String recordName) {
        AtomicInteger n = attempts.get(recordName);
        return n == null ? 0 : n.get();
    }

    @Override
    public ZonePage<CloudChat> chatChanges(String t) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ZonePage<CloudMessage> messageChanges(String t) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ZonePage<CloudAttachment> attachmentChanges(String t) {
        throw new UnsupportedOperationException();
    }

    /** A failure worth retrying whose message is the script's own text (as an adapter's subclass words it). */
    static final class InjectedFailure extends CloudSourceException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super("INJECTED", null, true, message, null);
        }
    }
}
