package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveSource;
import imbridge.core.port.LiveSourceException;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Ticker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveSource} over the simulator's live push stream (wire-contracts.md §1, "Live stream"): one long-lived
 * {@code GET /live/v1/stream} per {@link #stream} call, NDJSON lines decoded to {@link LiveEvent}s, each handed to
 * the handler and acknowledged only after the handler returned (acks are coalesced: sent when the stream has no
 * further line waiting, or every {@value #ACK_BATCH} events, and one at a time without blocking the reader). A
 * silent connection is declared dead after the read timeout (three heartbeats by default); cancelling closes the
 * connection within {@value #POLL_MILLIS} ms.
 * <p>
 * Over 400 lines because it is one wire protocol's client (stream, coalesced acks, sends) whose parts share the
 * connection's state; the protocol reads best in one place.
 */
public final class LiveStreamClient implements LiveSource {

    /** Three of the server's 2 s heartbeats. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(6);

    static final int ACK_BATCH = 64;
    /** Far above any event (a message's text is capped at a million characters); a longer line is skipped. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    static final long POLL_MILLIS = 100;

    private static final Logger log = LoggerFactory.getLogger(LiveStreamClient.class);
    private static final int ERROR_SNIPPET = 300;

    private final CloudKitConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration readTimeout;
    private final LiveEventDecoder decoder;
    private final String origin;
    private final Ticker ticker;

    /** With the default read timeout. */
    public LiveStreamClient(CloudKitConfig config, HttpClient http, ObjectMapper json) {
        this(config, http, json, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param config      the CloudKit database URL (the stream lives on the same host) and API token
     * @param readTimeout how long the stream may stay silent (heartbeats included) before it counts as dead
     */
    public LiveStreamClient(CloudKitConfig config, HttpClient http, ObjectMapper json, Duration readTimeout) {
        this(config, http, json, readTimeout, Ticker.SYSTEM);
    }

    /** @param ticker measures the stream's silence against {@code readTimeout} */
    public LiveStreamClient(
            CloudKitConfig config, HttpClient http, ObjectMapper json, Duration readTimeout, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        this.decoder = new LiveEventDecoder(json);
        URI database = URI.create(config.databaseUrl());
        this.origin = database.getScheme() + "://" + database.getRawAuthority();
    }

    @Override
    public void stream(Handler handler, CancellationToken cancel) throws LiveSourceException {
        try {
            streamOnce(handler, cancel);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void ack(long seq) throws LiveSourceException {
        try {
            ackNow(seq);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public String send(String portalId, Outgoing message) throws LiveSourceException {
        try {
            return sendNow(portalId, message);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The port's failure with the wire's wording (the live receiver logs it; a failed send is shown to the owner). */
    private static LiveSourceException failed(IOException e) {
        return new LiveSourceException(e.getMessage(), e);
    }

    private void streamOnce(Handler handler, CancellationToken cancel) throws IOException {
        Objects.requireNonNull(handler, "handler");
        if (cancel.isCancelled()) {
            return;
        }
        Lines lines = new Lines();
        HttpRequest request = HttpRequest.newBuilder(uri("/live/v1/stream"))
                .timeout(config.requestTimeout()) // until the headers arrive; the read timeout covers the body
                .header("Accept", "application/x-ndjson")
                .GET()
                .build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                lines.fail(new IOException("live stream answered HTTP " + info.statusCode()));
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromSubscriber(new LineSplitter(lines, lines::tooLong, MAX_LINE_BYTES));
        });
        response.whenComplete((r, e) -> {
            Throwable cause =
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause != null) {
                lines.fail(
                        cause instanceof IOException io ? io : new IOException("live stream failed: " + cause, cause));
            }
        });
        Acks acks = new Acks();
        try {
            consume(lines, handler, cancel, acks);
        } finally {
            lines.cancel();
            response.cancel(true);
            acks.flushQuietly();
        }
    }

    private void consume(Lines lines, Handler handler, CancellationToken cancel, Acks acks) throws IOException {
        long lastData = ticker.nanos();
        while (!cancel.isCancelled()) {
            Object item;
            try {
                item = lines.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the live stream");
            }
            if (item == null) {
                acks.flush();
                if (ticker.nanos() - lastData > readTimeout.toNanos()) {
                    throw new IOException("live stream silent for " + readTimeout.toMillis() + " ms; reconnecting");
                }
                continue;
            }
            if (item instanceof IOException failure) {
                throw failure;
            }
            if (item == Lines.END) {
                throw new IOException("live stream closed by the server");
            }
            if (item instanceof Lines.TooLong skipped) {
                log.info(
                        "live stream line skipped (seq {}): {}: {}",
                        -1,
                        "LINE_TOO_LONG:over " + skipped.bytes() + " bytes",
                        "(not kept)");
                lastData = ticker.nanos();
                continue;
            }
            handle((String) item, handler, acks);
            lastData = ticker.nanos();
            if (acks.pending() >= ACK_BATCH || lines.queue.isEmpty()) {
                acks.flush();
            }
        }
    }

    private void handle(String line, Handler handler, Acks acks) throws IOException {
        switch (decoder.decode(line)) {
            case LiveEventDecoder.Heartbeat h -> handler.onIdle();
            case LiveEventDecoder.Skipped skipped ->
                log.info("live stream line skipped (seq {}): {}: {}", skipped.seq(), skipped.reason(), snippet(line));
            case LiveEventDecoder.Event decoded -> {
                LiveEvent event = decoded.event();
                try {
                    handler.onEvent(event);
                } catch (RuntimeException e) {
                    throw new IOException(
                            "live event handler failed on seq " + event.seq() + " (" + event.kind()
                                    + "); it stays unacknowledged",
                            e);
                }
                acks.handled(event.seq());
            }
        }
    }

    private void ackNow(long seq) throws IOException {
        HttpResponse<byte[]> response = post("/live/v1/ack", ackBody(seq));
        checkAck(seq, response);
    }

    private CompletableFuture<Void> ackAsync(long seq) {
        try {
            return http.sendAsync(postRequest("/live/v1/ack", ackBody(seq)), HttpResponse.BodyHandlers.ofByteArray())
                    .thenAccept(response -> {
                        try {
                            checkAck(seq, response);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ObjectNode ackBody(long seq) {
        return json.createObjectNode().put("seq", seq);
    }

    private static void checkAck(long seq, HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw new IOException("live ack of seq " + seq + " answered HTTP " + response.statusCode() + ": "
                    + snippet(new String(response.body(), StandardCharsets.UTF_8)));
        }
    }

    private String sendNow(String portalId, Outgoing message) throws IOException {
        ObjectNode body = json.createObjectNode().put("to", Objects.requireNonNull(portalId, "portalId"));
        switch (Objects.requireNonNull(message, "message")) {
            case Outgoing.Text text -> body.put("text", text.body());
            case Outgoing.File file ->
                body.putObject("file")
                        .put("filename", file.filename())
                        .put("mimeType", file.mimeType())
                        .put("dataBase64", Base64.getEncoder().encodeToString(file.data()));
        }
        HttpResponse<byte[]> response = post("/live/v1/send", body);
        String answer = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() == 404) {
            throw new IOException(
                    "cannot send to " + portalId + ": no such conversation on Apple's side (" + snippet(answer) + ")");
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "send to " + portalId + " answered HTTP " + response.statusCode() + ": " + snippet(answer));
        }
        JsonNode guid = json.readTree(answer).path("guid");
        if (!guid.isTextual() || guid.asText().isBlank()) {
            throw new IOException("send to " + portalId + " answered without a guid: " + snippet(answer));
        }
        return guid.asText();
    }

    private HttpRequest postRequest(String path, JsonNode body) throws IOException {
        return HttpRequest.newBuilder(uri(path))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private HttpResponse<byte[]> post(String path, JsonNode body) throws IOException {
        HttpRequest request = postRequest(path, body);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + path);
        }
    }

    private URI uri(String path) {
        String token = config.apiToken();
        return URI.create(origin
                + path
                + (token == null ? "" : "?ckAPIToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    private static String snippet(String text) {
        return text.length() <= ERROR_SNIPPET ? text : text.substring(0, ERROR_SNIPPET) + "…";
    }

    /**
     * The highest handled sequence not yet acknowledged; acknowledging covers everything up to it. Acks go out
     * asynchronously, one at a time, so the reading thread never waits for the server's answer before it takes the
     * next event (a 20–200 ms ack on a busy machine used to delay every event behind it). A failed ack ends the
     * stream at the reading thread's next step: the connection is re-established and the source re-sends what was
     * not acknowledged (the inbox absorbs the duplicates).
     */
    private final class Acks {
        private long handled;
        private long acked;
        private int pending;
        private CompletableFuture<Void> inFlight;
        private IOException failure;

        synchronized void handled(long seq) {
            if (seq > handled) {
                handled = seq;
                pending++;
            }
        }

        synchronized int pending() {
            return pending;
        }

        /** Sends an ack of everything handled unless one is on its way (its completion sends the next). */
        synchronized void flush() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (inFlight == null && handled > acked) {
                long seq = handled;
                pending = 0;
                CompletableFuture<Void> ack = ackAsync(seq);
                inFlight = ack; // before the callback is attached: an ack already answered runs it right here
                ack.whenComplete((ok, error) -> sent(ack, seq, error));
            }
        }

        private void sent(CompletableFuture<Void> ack, long seq, Throwable error) {
            synchronized (this) {
                if (inFlight == ack) {
                    inFlight = null;
                }
                if (error != null) {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    failure =
                            cause instanceof IOException io ? io : new IOException("live ack failed: " + cause, cause);
                    return;
                }
                acked = Math.max(acked, seq);
            }
            try {
                flush(); // what was handled meanwhile
            } catch (IOException alreadyRecorded) {
                // the reading thread rethrows it
            }
        }

        /** At the end of a stream: waits for the ack on its way, then acknowledges the rest. */
        void flushQuietly() {
            CompletableFuture<Void> last;
            synchronized (this) {
                last = inFlight;
            }
            try {
                if (last != null) {
                    last.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                long seq;
                synchronized (this) {
                    if (failure != null || handled <= acked) {
                        return;
                    }
                    seq = handled;
                }
                ackNow(seq);
                synchronized (this) {
                    acked = Math.max(acked, seq);
                }
            } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.info(
                        "live ack of seq {} failed while closing the stream ({}); the events will be re-sent",
                        handled,
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Receives the body line by line on the HTTP client's threads and queues it for the reading thread. */
    private static final class Lines implements Flow.Subscriber<String> {
        static final Object END = new Object();

        /** A line cut off by {@link #MAX_LINE_BYTES}: {@code bytes} had arrived when it was given up. */
        record TooLong(long bytes) {}

        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable error) {
            fail(error instanceof IOException io ? io : new IOException("live stream failed: " + error, error));
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        void fail(IOException error) {
            queue.add(error);
        }

        void tooLong(long bytes) {
            queue.add(new TooLong(bytes));
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
