package imbridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.verify.ExpectedPart;
import imbridge.app.verify.NoticeCollectingTruth;
import imbridge.app.verify.TruthSummary;
import imbridge.core.attachment.AttachmentStats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's figures for the large conversation ({@code --big-chat}) and the attachments the simulator broke
 * for good. {@code lowerBoundMs} is the larger of (a) the simulator's download bound for the chat's assets at
 * the bridge's concurrency and timeout ({@code /_sim/assets/bound}) and (b) the chat's part count divided by
 * the homeserver double's single-room ingest rate, measured before the bridge started ({@link IngestRateProbe}).
 * {@code wallMs} runs from the chat's first download attempt (or the start of its backfill, if earlier) to its
 * last committed send.
 */
final class BigChatReport {
    /** The acceptance margin (issue 13): the big chat's backfill within 1.2× its lower bound. */
    static final double MAX_RATIO = 1.2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> bigChat;
    private final List<Map<String, Object>> abandoned;

    private BigChatReport(Map<String, Object> bigChat, List<Map<String, Object>> abandoned) {
        this.bigChat = bigChat;
        this.abandoned = abandoned;
    }

    static BigChatReport build(
            String simulatorUrl,
            HttpClient http,
            TruthSummary truth,
            List<NoticeCollectingTruth.ExpectedNotice> notices,
            Map<String, String> delivered,
            BackfillTimings timings,
            AttachmentStats stats,
            double ingestRatePerSec,
            int concurrency,
            long timeoutMs,
            int maxAttempts)
            throws IOException, InterruptedException {
        JsonNode bound = get(
                http,
                simulatorUrl + "/_sim/assets/bound?concurrency=" + concurrency + "&timeoutMs=" + timeoutMs
                        + "&maxAttempts=" + maxAttempts);
        String portalId = bound.path("portalId").asText();
        long parts = truth.portals().stream()
                .filter(p -> p.portalId().equals(portalId))
                .mapToLong(TruthSummary.PortalSummary::partCount)
                .sum();
        AttachmentStats.Snapshot chat = stats.forPortal(portalId);
        long start = timings.startedMs(portalId);
        if (chat.firstAttemptMs() > 0 && (start == 0 || chat.firstAttemptMs() < start)) {
            start = chat.firstAttemptMs();
        }
        long wall = start == 0 ? 0 : timings.lastSentMs(portalId) - start;
        long downloadBound = bound.path("boundMs").asLong();
        long sendBound = ingestRatePerSec > 0 ? Math.round(parts * 1000.0 / ingestRatePerSec) : 0;
        long lowerBound = Math.max(downloadBound, sendBound);
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("portalId", portalId);
        big.put("parts", parts);
        big.put("partsSent", timings.partsSent(portalId));
        big.put("wallMs", wall);
        big.put("downloadsAttempted", chat.attempted());
        big.put("downloadsSucceeded", chat.succeeded());
        big.put("downloadsAbandoned", chat.abandoned());
        big.put("downloadsFailedAttempts", chat.failedAttempts());
        big.put("cacheHits", chat.cacheHits());
        big.put("peakConcurrentDownloads", stats.total().peakInFlight());
        big.put("peakConcurrentDownloadsOfChat", chat.peakInFlight());
        big.put("downloadBoundMs", downloadBound);
        big.put("assets", bound.path("assets").asLong());
        big.put("ingestRatePerSec", Math.round(ingestRatePerSec));
        big.put("sendBoundMs", sendBound);
        big.put("lowerBoundMs", lowerBound);
        double ratio = lowerBound > 0 ? (double) wall / lowerBound : 0;
        big.put("ratio", Math.round(ratio * 100) / 100.0);
        big.put("withinBound", lowerBound > 0 && ratio <= MAX_RATIO);
        return new BigChatReport(big, abandonedOf(notices, delivered));
    }

    /** Without a big chat: the abandoned attachments, each with the notice the room shows in its place. */
    static BigChatReport abandonedOnly(
            List<NoticeCollectingTruth.ExpectedNotice> expected, Map<String, String> delivered) {
        return new BigChatReport(null, abandonedOf(expected, delivered));
    }

    private static List<Map<String, Object>> abandonedOf(
            List<NoticeCollectingTruth.ExpectedNotice> expected, Map<String, String> delivered) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NoticeCollectingTruth.ExpectedNotice notice : expected) {
            ExpectedPart part = notice.part();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("portalId", notice.portalId());
            row.put("guid", part.guid());
            row.put("part", part.part());
            row.put("filename", part.filename());
            row.put("reason", part.body());
            String text = delivered.get(imbridge.app.verify.DeliveredNotices.key(part.guid(), part.part()));
            if (text != null) {
                row.put("notice", text);
            }
            out.add(row);
        }
        return out;
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    void print(PrintStream out) {
        if (bigChat != null) {
            out.println("bigChat: " + bigChat);
        }
        if (!abandoned.isEmpty()) {
            out.println("abandoned attachments (sent as notices): " + abandoned.size());
            abandoned.stream().limit(10).forEach(a -> out.println("  " + a));
        }
    }

    /** Adds {@code bigChat} (when measured) and {@code abandonedAttachments} to the JSON report. */
    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        if (bigChat != null) {
            root.set("bigChat", json.valueToTree(bigChat));
        }
        root.set("abandonedAttachments", json.valueToTree(abandoned));
        json.writeValue(reportJson.toFile(), root);
    }
}
