package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;
import imbridge.core.port.CloudSource;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Download → verify (size, SHA-256) → upload, with a bounded number in flight. Callers start
 * transfers ahead ({@link #prefetch}) and wait only for the one they need next ({@link #await}),
 * so one slow download overlaps with the others. Each transfer has its own timeout; there is no
 * deadline on a whole chunk. Uploaded content is cached by record name.
 */
public final class AttachmentPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttachmentPipeline.class);

    private final CloudSource source;
    private final MatrixGateway matrix;
    private final Semaphore inFlight;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<String>> transfers = new ConcurrentHashMap<>();

    public AttachmentPipeline(CloudSource source, MatrixGateway matrix, int maxInFlight, Duration timeout) {
        this.source = source;
        this.matrix = matrix;
        this.inFlight = new Semaphore(maxInFlight);
        this.timeout = timeout;
    }

    /** Starts the transfer unless it is already running or done. */
    public void prefetch(CloudAttachment attachment) {
        transfers.computeIfAbsent(attachment.recordName(), name -> CompletableFuture.supplyAsync(
                () -> transfer(attachment), executor));
    }

    /** The attachment's {@code mxc://} URI, waiting for its transfer if needed. */
    public String await(CloudAttachment attachment) throws AttachmentException, InterruptedException {
        prefetch(attachment);
        CompletableFuture<String> future = transfers.get(attachment.recordName());
        try {
            return future.get(); // each transfer is bounded by its own timeout; no deadline here
        } catch (ExecutionException e) {
            transfers.remove(attachment.recordName(), future); // a later pass may retry it
            Throwable cause = e.getCause();
            throw cause instanceof AttachmentException ae ? ae
                    : new AttachmentException("attachment " + attachment.recordName() + " failed: " + cause, cause);
        }
    }

    private String transfer(CloudAttachment attachment) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a download slot", e);
        }
        try {
            byte[] data = downloadVerified(attachment);
            return matrix.uploadMedia(data, mimeOf(attachment), attachment.filename());
        } catch (IOException | MatrixException | TimeoutException e) {
            log.warn("attachment record={} failed: {}", attachment.recordName(), e.toString());
            throw new java.util.concurrent.CompletionException(
                    new AttachmentException("attachment " + attachment.recordName() + ": " + e.getMessage(), e));
        } finally {
            inFlight.release();
        }
    }

    private byte[] downloadVerified(CloudAttachment attachment) throws IOException, TimeoutException {
        CompletableFuture<byte[]> download = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = source.openAsset(attachment)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, executor);
        byte[] data;
        try {
            data = download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            download.cancel(true);
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
                    : new IOException(e.getCause());
        } catch (TimeoutException e) {
            download.cancel(true);
            throw new TimeoutException("download timed out after " + timeout.toSeconds() + " s");
        }
        verify(attachment, data);
        return data;
    }

    static void verify(CloudAttachment attachment, byte[] data) throws IOException {
        if (data.length == 0) {
            throw new IOException("empty data");
        }
        if (attachment.size() > 0 && data.length != attachment.size()) {
            throw new IOException("size " + data.length + " != expected " + attachment.size());
        }
        String expected = attachment.checksumSha256();
        if (expected != null && !expected.isEmpty()) {
            String actual = sha256(data);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException("checksum mismatch");
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mimeOf(CloudAttachment attachment) {
        String mime = attachment.mimeType();
        return mime == null || mime.isBlank() ? "application/octet-stream" : mime;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
