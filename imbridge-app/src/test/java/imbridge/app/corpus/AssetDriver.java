package imbridge.app.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.core.attachment.AttachmentOutcome;
import imbridge.core.attachment.AttachmentPipeline;
import imbridge.core.model.CloudAttachment;
import imbridge.core.testing.RecordingGateway;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Asset downloads: the real {@link AttachmentPipeline} fetches through the real {@link CloudKitClient} from a
 * {@link ScriptedHttpPeer} that answers {@code /asset/bad} with the case's {@code reply} and {@code /asset/good}
 * with a healthy asset. Input: {@code reply} (a raw reply), {@code size} and {@code sha256} of the record
 * ({@code body} = those of the reply's body), {@code attempt_seconds} (each attempt's bound). An abandoned
 * attachment is the error {@code abandoned: <last error>}; the good asset fetched next, by the same pipeline, is
 * the survivor {@code good}.
 */
final class AssetDriver implements SurfaceDriver {
    private static final byte[] GOOD = "a healthy asset".getBytes(StandardCharsets.UTF_8);

    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        JsonNode in = c.input();
        ScriptedHttpPeer.Reply bad = ScriptedHttpPeer.Reply.of(in.path("reply"));
        try (ScriptedHttpPeer peer = new ScriptedHttpPeer(request -> {
                    if (request.path().startsWith("/asset/bad")) {
                        return bad;
                    }
                    if (request.path().startsWith("/asset/good")) {
                        return ScriptedHttpPeer.Reply.json(200, GOOD);
                    }
                    return ScriptedHttpPeer.Reply.json(
                            404, "{\"serverErrorCode\":\"NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8));
                });
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()) {
            CloudKitClient client = new CloudKitClient(
                    CloudKitConfig.of(peer.baseUrl() + "/database/1/com.apple.messages.cloud/production/private"),
                    http);
            Duration attempt = Duration.ofSeconds(in.path("attempt_seconds").asLong(2));
            try (AttachmentPipeline pipeline = new AttachmentPipeline(client, new RecordingGateway(), 2, attempt)) {
                byte[] body = bad.body().bytes();
                CloudAttachment badRecord = attachment(
                        "bad",
                        peer.baseUrl() + "/asset/bad",
                        in.path("size").asText("body").equals("body")
                                ? body.length
                                : in.path("size").asLong(),
                        in.path("sha256").asText("body").equals("body")
                                ? sha256(body)
                                : in.path("sha256").asText());
                CloudAttachment goodRecord =
                        attachment("good", peer.baseUrl() + "/asset/good", GOOD.length, sha256(GOOD));
                String error = null;
                if (pipeline.await("portal", badRecord) instanceof AttachmentOutcome.Abandoned a) {
                    error = "abandoned after " + a.attempts() + " attempts: " + a.lastError();
                }
                List<String> survivors = new ArrayList<>();
                if (pipeline.await("portal", goodRecord) instanceof AttachmentOutcome.Ready) {
                    survivors.add("good");
                }
                return new Outcome(error, List.of(), survivors);
            }
        }
    }

    private static CloudAttachment attachment(String name, String url, long size, String sha256) {
        return new CloudAttachment(
                "rec-" + name, "at_0_" + name, "image/jpeg", "public.jpeg", name + ".jpg", size, sha256, url);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
