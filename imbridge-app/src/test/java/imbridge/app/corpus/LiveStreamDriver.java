package imbridge.app.corpus;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.cloudkit.LiveStreamClient;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveSourceException;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The live stream: the real {@link LiveStreamClient} reads {@code /live/v1/stream} from a {@link ScriptedHttpPeer}
 * that sends the case's {@code lines} (each a {@link Payload}, or {@code {good: name}} for a well-formed message)
 * joined by newlines and then closes, or the case's {@code body} as it is. The server closing the stream is how
 * every case ends, so it is not an error; any other end is. Skipped lines are the quarantined ones (with the reason
 * the client logs); survivors are the GUIDs of the events handed on.
 */
final class LiveStreamDriver implements SurfaceDriver {
    private static final String SKIPPED = "live stream line skipped";

    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        JsonNode in = c.input();
        ScriptedHttpPeer.Reply stream = in.has("body")
                ? ScriptedHttpPeer.Reply.of(in)
                : new ScriptedHttpPeer.Reply(
                        200,
                        Map.of("Content-Type", "application/x-ndjson"),
                        new Payload(lines(in.path("lines")), null),
                        -1L,
                        -1,
                        -1,
                        0);
        Logger logger = (Logger) LoggerFactory.getLogger(LiveStreamClient.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        List<String> survivors = new CopyOnWriteArrayList<>();
        String error = null;
        try (ScriptedHttpPeer peer =
                        new ScriptedHttpPeer(request -> request.path().startsWith("/live/v1/stream")
                                ? stream
                                : ScriptedHttpPeer.Reply.json(200, "{}".getBytes(StandardCharsets.UTF_8)));
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()) {
            LiveStreamClient client = new LiveStreamClient(
                    CloudKitConfig.of(peer.baseUrl() + "/database/1/com.apple.messages.cloud/production/private"),
                    http,
                    new ObjectMapper(),
                    Duration.ofSeconds(in.path("read_timeout_seconds").asLong(3)));
            try {
                client.stream((LiveEvent event) -> survivors.add(event.guid()), new CancellationToken());
            } catch (LiveSourceException e) {
                error = e.getMessage() != null && e.getMessage().contains("closed by the server")
                        ? null
                        : Outcome.describe(e);
            }
        } finally {
            logger.detachAppender(logged);
        }
        List<String> reasons = new ArrayList<>();
        for (ILoggingEvent event : logged.list) {
            if (event.getMessage().startsWith(SKIPPED)) {
                reasons.add(String.valueOf(event.getArgumentArray()[1]));
            }
        }
        return new Outcome(error, reasons, survivors);
    }

    private static byte[] lines(JsonNode lines) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long seq = 1;
        for (JsonNode line : lines) {
            if (line.has("good")) {
                body.writeBytes(CorpusCase.YAML_AS_JSON.writeValueAsBytes(Map.of(
                        "seq",
                        seq,
                        "kind",
                        "MESSAGE",
                        "guid",
                        "G-" + line.get("good").asText(),
                        "chatId",
                        CloudKitDriver.DM,
                        "sender",
                        "+15551234567",
                        "ts",
                        1_700_000_000_000L + seq,
                        "text",
                        "good",
                        "service",
                        "iMessage")));
            } else {
                body.writeBytes(Payload.of(line).bytes());
            }
            body.write('\n');
            seq++;
        }
        return body.toByteArray();
    }
}
