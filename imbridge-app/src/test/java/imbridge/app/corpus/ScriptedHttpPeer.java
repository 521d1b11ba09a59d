package imbridge.app.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback HTTP/1.1 peer written on a bare socket, so it can misbehave in ways a real server library would not
 * allow: a Content-Length that lies, a body cut short, a body that never ends, one byte at a time, or silence after
 * the headers. Each request is answered by the driver's responder; every connection is closed after one answer.
 */
final class ScriptedHttpPeer implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** CR LF CR LF as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    record Request(String method, String path, Map<String, String> headers, byte[] body) {}

    /**
     * @param declaredLength the Content-Length to announce; null = the body's, -1 = none (ends when the peer closes)
     * @param stallAfter     body bytes written before the peer falls silent until it is closed; -1 = never
     * @param closeAfter     body bytes written before the peer drops the connection; -1 = never
     * @param dripMillis     pause between single body bytes; 0 = write at once
     */
    record Reply(
            int status,
            Map<String, String> headers,
            Payload body,
            Long declaredLength,
            long stallAfter,
            long closeAfter,
            long dripMillis) {

        static Reply json(int status, byte[] body) {
            return new Reply(
                    status, Map.of("Content-Type", "application/json"), new Payload(body, null), null, -1, -1, 0);
        }

        /** {@code status}, {@code headers}, {@code body} (a {@link Payload}), {@code content_length}, ... */
        static Reply of(JsonNode spec) {
            Map<String, String> headers = new LinkedHashMap<>();
            spec.path("headers")
                    .properties()
                    .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            JsonNode length = spec.path("content_length");
            return new Reply(
                    spec.path("status").asInt(200),
                    headers,
                    Payload.of(spec.get("body")),
                    length.isMissingNode() ? null : length.asLong(),
                    spec.path("stall_after").asLong(-1),
                    spec.path("close_after").asLong(-1),
                    spec.path("drip_ms").asLong(0));
        }
    }

    private final ServerSocket server;
    private final Function<Request, Reply> responder;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    ScriptedHttpPeer(Function<Request, Reply> responder) throws IOException {
        this.responder = responder;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("scripted-peer-accept").start(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Request request = readRequest(socket.getInputStream());
            if (request == null) {
                return;
            }
            write(responder.apply(request), socket.getOutputStream());
        } catch (IOException e) {
            // the client went away (it gave up on an endless or silent body): nothing to answer any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private void write(Reply reply, OutputStream out) throws IOException, InterruptedException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " Scripted\r\n");
        reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        long declared = reply.declaredLength() != null
                ? reply.declaredLength()
                : reply.body().endless() ? -1 : reply.body().bytes().length;
        if (declared >= 0) {
            head.append("Content-Length: ").append(declared).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] body = reply.body().bytes();
        long limit = reply.stallAfter() >= 0 ? reply.stallAfter() : reply.closeAfter();
        if (limit >= 0 || reply.dripMillis() > 0) {
            int n = (int) Math.min(body.length, limit >= 0 ? limit : body.length);
            for (int i = 0; i < n; i++) {
                out.write(body[i]);
                if (reply.dripMillis() > 0) {
                    out.flush();
                    if (closing.await(reply.dripMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
            out.flush();
            if (reply.stallAfter() >= 0) {
                closing.await(); // silent until the peer is closed
            }
            if (limit >= 0) {
                return;
            }
        } else {
            reply.body().writeTo(out);
        }
        out.flush();
    }

    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != END_OF_HEAD) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD_BYTES) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Request(start[0], start.length > 1 ? start[1] : "/", headers, in.readNBytes(length));
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
