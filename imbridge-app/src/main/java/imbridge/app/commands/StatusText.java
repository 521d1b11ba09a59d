package imbridge.app.commands;

import imbridge.core.model.BackfillStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link BridgeStatus} as the plain-text notice the bot answers {@code status} with. */
final class StatusText {
    /** Portals listed one by one when they need attention; the rest are only counted. */
    static final int MAX_LISTED = 10;

    private StatusText() {}

    static String of(BridgeStatus s) {
        StringBuilder out = new StringBuilder("imbridge status\n");
        out.append("Sync: ")
                .append(s.gateOpen() ? "first sync done (live path open)" : "first sync not finished (live path held)");
        out.append("; start-up sync ").append(s.initialSyncRunning() ? "running" : "not running");
        out.append("; tokens stored: ").append(tokens(s.zoneTokens())).append('\n');

        long withRoom = s.portals().stream().filter(p -> p.roomId() != null).count();
        out.append("Portals: ")
                .append(s.portals().size())
                .append(" (")
                .append(withRoom)
                .append(" with a room, ")
                .append(s.deletedPortals())
                .append(" deleted)\n");

        Map<BackfillStatus, Integer> byStatus = new EnumMap<>(BackfillStatus.class);
        int never = 0;
        for (BridgeStatus.PortalStatus p : s.portals()) {
            if (p.backfill() == null) {
                never++;
            } else {
                byStatus.merge(p.backfill(), 1, Integer::sum);
            }
        }
        out.append("Backfill:");
        byStatus.forEach((status, n) -> out.append(' ')
                .append(status.name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(n)
                .append(','));
        out.append(" not started ").append(never).append('\n');
        List<BridgeStatus.PortalStatus> attention = s.portals().stream()
                .filter(p -> p.backfill() != null && p.backfill() != BackfillStatus.DONE)
                .toList();
        attention.stream().limit(MAX_LISTED).forEach(p -> {
            out.append("  ")
                    .append(p.portalId())
                    .append(": ")
                    .append(p.backfill().name().toLowerCase(Locale.ROOT))
                    .append(", ")
                    .append(p.partsSent())
                    .append(" parts sent");
            if (p.lastError() != null && !p.lastError().isBlank()) {
                out.append(" (").append(p.lastError()).append(')');
            }
            out.append('\n');
        });
        if (attention.size() > MAX_LISTED) {
            out.append("  … and ").append(attention.size() - MAX_LISTED).append(" more\n");
        }
        if (s.backfillRun() != null) {
            out.append("Backfill queue: ")
                    .append(s.backfillRun().done())
                    .append(" of ")
                    .append(s.backfillRun().portals())
                    .append(" portals finished this run");
            if (!s.backfillRun().failedPortals().isEmpty()) {
                out.append(", failed: ")
                        .append(String.join(", ", s.backfillRun().failedPortals()));
            }
            out.append('\n');
        } else {
            out.append("Backfill queue: idle\n");
        }
        if (!s.olderHistory().isEmpty()) {
            out.append("Older history being inserted (batch send): ")
                    .append(s.olderHistory().size())
                    .append(" portal(s), ")
                    .append(s.olderHistory().stream()
                            .mapToLong(BridgeStatus.OlderHistory::messagesInserted)
                            .sum())
                    .append(" messages in so far\n");
            s.olderHistory().stream()
                    .filter(h -> h.lastError() != null && !h.lastError().isBlank())
                    .limit(MAX_LISTED)
                    .forEach(h -> out.append("  ")
                            .append(h.portalId())
                            .append(": stopped (")
                            .append(h.lastError())
                            .append("), retried on its next run\n"));
        }
        out.append("Matrix-side queue: ").append(s.inboxPending()).append(" pending (this command included)\n");
        out.append("Live inbox: ")
                .append(s.live().pending())
                .append(" pending, ")
                .append(s.live().held())
                .append(" held behind their portal's history; drops by reason: ")
                .append(
                        s.live().dropsByReason().isEmpty()
                                ? "none"
                                : new TreeMap<>(s.live().dropsByReason()))
                .append('\n');
        out.append("Counts: ")
                .append(s.cachedMessages())
                .append(" cached messages, ")
                .append(s.rejectedRecords())
                .append(" rejected records");
        return out.toString();
    }

    private static String tokens(Map<String, Boolean> zoneTokens) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(zoneTokens).forEach((zone, stored) -> {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(zone).append(stored ? " yes" : " no");
        });
        return out.toString();
    }
}
