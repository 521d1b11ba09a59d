package imbridge.app.operator;

import imbridge.app.commands.BridgeStatus;
import imbridge.core.attachment.AttachmentFailure;
import imbridge.core.model.BackfillStatus;
import imbridge.core.model.Zone;
import imbridge.core.port.LiveInbox;
import imbridge.store.SqlPortalProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The JSON the dashboard polls ({@code GET /api/status}): the {@code status} command's snapshot, plus what it only
 * counts — each portal's parts bridged and known, the failing attachments with their errors, the held live messages, each
 * zone's token age and the recent warnings. Rates and ETAs are the page's (from successive polls).
 */
final class StatusDocument {
    /** Failing attachments and held messages listed one by one; the rest are counted. */
    static final int LISTED = 100;

    private StatusDocument() {}

    static Map<String, Object> of(OperatorSources sources, RecentProblems problems) {
        BridgeStatus status = sources.commands().status();
        long now = sources.clock().millis();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("timeMs", now);
        doc.put("phase", phase(status));
        doc.put("gateOpen", status.gateOpen());
        doc.put("startupSyncRunning", status.initialSyncRunning());
        if (status.backfillRun() != null) {
            doc.put(
                    "backfillRun",
                    Map.of(
                            "portals", status.backfillRun().portals(),
                            "done", status.backfillRun().done(),
                            "failedPortals", status.backfillRun().failedPortals()));
        }
        doc.put("portals", portals(sources));
        doc.put("deletedPortals", status.deletedPortals());
        doc.put("attachments", attachments(sources));
        doc.put("live", live(sources, status));
        doc.put("zones", zones(sources, now));
        doc.put(
                "counts",
                Map.of(
                        "cachedMessages", status.cachedMessages(),
                        "rejectedRecords", status.rejectedRecords(),
                        "matrixInboxPending", status.inboxPending()));
        doc.put(
                "health",
                sources.health().get().entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().name().toLowerCase(Locale.ROOT),
                                (a, b) -> a,
                                LinkedHashMap::new)));
        doc.put("problems", problems.newestFirst());
        return doc;
    }

    /** The overall phase in the words the page shows. */
    static String phase(BridgeStatus status) {
        if (!status.gateOpen()) {
            return "first sync";
        }
        boolean backfilling = status.portals().stream()
                .anyMatch(p -> p.backfill() == BackfillStatus.PENDING || p.backfill() == BackfillStatus.RUNNING);
        if (backfilling) {
            return "backfilling";
        }
        return status.initialSyncRunning() ? "start-up re-syncs" : "live";
    }

    /**
     * One row per portal from one statement: its parts in the room (any path) against the parts planned for its
     * cached messages, which the store keeps per portal as messages and parts are written.
     */
    static List<Map<String, Object>> portals(OperatorSources sources) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SqlPortalProgress.PortalProgress p : sources.progress().portals()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("portalId", p.portalId());
            row.put("roomId", p.roomId());
            row.put("status", statusOf(p));
            row.put("partsBridged", p.partsBridged());
            row.put("partsKnown", p.partsKnown());
            row.put("partsSent", p.partsSent());
            row.put("olderPartsSent", p.olderPartsSent());
            row.put("messagesDone", p.messagesDone());
            row.put("messagesKnown", p.messagesKnown());
            row.put("lastError", p.lastError());
            out.add(row);
        }
        return out;
    }

    private static String statusOf(SqlPortalProgress.PortalProgress p) {
        if (p.deleted()) {
            return "deleted";
        }
        return p.backfill() == null ? "not started" : p.backfill().name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> attachments(OperatorSources sources) {
        List<AttachmentFailure> failures = sources.attachments().failures().values().stream()
                .sorted(Comparator.comparingInt(AttachmentFailure::retries)
                        .reversed()
                        .thenComparing(AttachmentFailure::recordName))
                .toList();
        int cap = sources.maxAttachmentRetries();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxRetries", cap);
        out.put("failing", failures.size());
        out.put("givenUp", failures.stream().filter(f -> f.retries() >= cap).count());
        out.put(
                "failures",
                failures.stream()
                        .limit(LISTED)
                        .map(f -> Map.of(
                                "recordName", f.recordName(),
                                "retries", f.retries(),
                                "givenUp", f.retries() >= cap,
                                "lastError", f.lastError() == null ? "" : f.lastError(),
                                "updatedMs", f.updatedMs()))
                        .toList());
        return out;
    }

    private static Map<String, Object> live(OperatorSources sources, BridgeStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", sources.liveInbox() != null);
        out.put("pending", status.live().pending());
        out.put("held", status.live().held());
        out.put("dropsByReason", new TreeMap<>(status.live().dropsByReason()));
        List<Map<String, Object>> held = new ArrayList<>();
        LiveInbox inbox = sources.liveInbox();
        if (inbox != null && status.live().held() > 0) {
            for (LiveInbox.Entry e : inbox.held(null)) {
                if (held.size() == LISTED) {
                    break;
                }
                held.add(Map.of(
                        "portalId", e.portalId() == null ? "" : e.portalId(),
                        "event", e.event().eventKey(),
                        "receivedMs", e.receivedMs()));
            }
        }
        out.put("heldMessages", held);
        return out;
    }

    private static List<Map<String, Object>> zones(OperatorSources sources, long now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Zone zone : Zone.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("zone", zone.zoneName());
            row.put("tokenStored", sources.cloud().syncToken(zone).isPresent());
            OptionalLong saved = sources.cloud().syncTokenSavedMs(zone);
            row.put("tokenAgeMs", saved.isPresent() ? Math.max(0, now - saved.getAsLong()) : null);
            out.add(row);
        }
        return out;
    }
}
