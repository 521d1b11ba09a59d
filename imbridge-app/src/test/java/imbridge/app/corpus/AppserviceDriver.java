package imbridge.app.corpus;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import imbridge.matrix.AppserviceServer;
import imbridge.matrix.MatrixConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The appservice API: the real {@link AppserviceServer} on a loopback port, its transactions recorded by a handler,
 * one request written on a bare socket so headers, lengths and bodies can be anything. Input: {@code method}
 * (PUT), {@code path} (a transaction), {@code token} (the homeserver's; null for none), {@code headers},
 * {@code body} (a {@link Payload}), {@code content_length} (to lie). An answer of 4xx/5xx is the error
 * {@code HTTP <status> <errcode>}; quarantine reasons are the bridge's log lines (INFO and up, under
 * {@code imbridge.matrix}) that say it quarantined something; survivors are the event IDs the bridge was handed.
 */
final class AppserviceDriver implements SurfaceDriver {
    static final String HS_TOKEN = "hs-token-corpus-0123456789";
    private static final Pattern ERRCODE = Pattern.compile("\"errcode\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        AppserviceServer server = new AppserviceServer(config(), (txnId, events) -> {
            for (Map<String, Object> event : events) {
                handled.add(String.valueOf(event.get("event_id")));
            }
        });
        Logger matrixLogs = (Logger) LoggerFactory.getLogger("imbridge.matrix");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        matrixLogs.addAppender(logged);
        server.start();
        try {
            String answer = exchange(server.port(), c.input());
            int status = Integer.parseInt(answer.substring(9, 12));
            String error = null;
            if (status >= 400) {
                Matcher code = ERRCODE.matcher(answer);
                error = "HTTP " + status + (code.find() ? " " + code.group(1) : "");
            }
            return new Outcome(error, quarantineLines(logged.list), new ArrayList<>(handled));
        } finally {
            matrixLogs.detachAppender(logged);
            server.close();
        }
    }

    /** The bridge logs every quarantined event at INFO with its reason: those lines are the quarantine reasons. */
    private static List<String> quarantineLines(List<ILoggingEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(events)) {
            String line = event.getFormattedMessage();
            if (line.toLowerCase(java.util.Locale.ROOT).contains("quarantin")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Writes the request, reads the whole answer (the server is asked to close the connection). */
    private static String exchange(int port, JsonNode in) throws IOException {
        Payload body = Payload.of(in.get("body"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:" + port);
        headers.put("Content-Type", "application/json");
        JsonNode token = in.get("token");
        if (token == null) {
            headers.put("Authorization", "Bearer " + HS_TOKEN);
        } else if (!token.isNull()) {
            headers.put("Authorization", "Bearer " + token.asText());
        }
        in.path("headers").properties().forEach(e -> {
            if (e.getValue().isNull()) {
                headers.remove(e.getKey());
            } else {
                headers.put(e.getKey(), e.getValue().asText());
            }
        });
        headers.put("Content-Length", in.path("content_length").asText(String.valueOf(body.bytes().length)));
        headers.put("Connection", "close");
        StringBuilder head = new StringBuilder(in.path("method").asText("PUT") + " "
                + in.path("path").asText("/_matrix/app/v1/transactions/t1") + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body.bytes());
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before taking the whole body (a size limit): read its answer
            }
            socket.shutdownOutput();
            return readAnswer(socket.getInputStream());
        }
    }

    /**
     * The status line, headers and body: up to the announced Content-Length, the last chunk, or the end of the
     * connection (a server that keeps it open after an error answer does not make the case wait).
     */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; !complete(answer.toString(StandardCharsets.UTF_8)) && (n = in.read(buffer)) > 0; ) {
            answer.write(buffer, 0, n);
            if (answer.size() > MAX_ANSWER_BYTES) {
                throw new IOException("answer over " + MAX_ANSWER_BYTES + " bytes");
            }
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        return text;
    }

    private static boolean complete(String text) {
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, head));
        if (length.find()) {
            return text.length() - head - 4 >= Integer.parseInt(length.group(1));
        }
        return text.endsWith("\r\n0\r\n\r\n");
    }

    private static MatrixConfig config() {
        return new MatrixConfig(
                "http://127.0.0.1:1",
                "localhost",
                "imessage",
                "as-token-corpus-0123456789",
                HS_TOKEN,
                "imessagebot",
                "imessage_",
                "@user:localhost",
                "tel:+15550000001",
                "127.0.0.1",
                0,
                null,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                MatrixConfig.DEFAULT_MAX_BATCH_EVENTS,
                MatrixConfig.DEFAULT_STARTUP_RETRY_INTERVAL,
                MatrixConfig.DEFAULT_STARTUP_ATTEMPTS);
    }
}
