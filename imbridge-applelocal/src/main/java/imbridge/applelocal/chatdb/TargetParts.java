package imbridge.applelocal.chatdb;

import imbridge.core.model.BodyLayout;
import imbridge.core.model.Guids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which part of its target a reply ({@code thread_originator_part}) or a tapback ({@code p:N/GUID}) of a page
 * is aimed at: Apple numbers the bubbles of the target's body, and only the target's own layout says whether
 * bubble N is its text or which attachment. The targets of a page are read with one query and decoded once.
 */
final class TargetParts {
    private final Map<String, BodyLayout> layouts = new HashMap<>();

    private TargetParts() {}

    static TargetParts load(Connection c, ChatDbQueries q, MessageBodyReader bodies, List<MessageRow> rows)
            throws SQLException {
        TargetParts t = new TargetParts();
        Set<String> guids = new LinkedHashSet<>();
        for (MessageRow r : rows) {
            addIfPresent(guids, r.threadOriginatorGuid());
            addIfPresent(guids, tapbackTarget(r.associatedGuid()));
        }
        if (guids.isEmpty()) {
            return t;
        }
        Map<Long, String> guidOfRow = new HashMap<>();
        Map<Long, Object[]> bodyOfRow = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(q.bodiesByGuid(guids.size()))) {
            int i = 1;
            for (String g : guids) {
                ps.setString(i++, g);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    guidOfRow.put(rs.getLong(1), rs.getString(2));
                    bodyOfRow.put(rs.getLong(1), new Object[] {rs.getString(3), rs.getBytes(4), rs.getBytes(5)});
                }
            }
        }
        Map<Long, List<String>> attachments = new HashMap<>();
        String joined = q.attachmentsOfMessages(Math.max(1, guidOfRow.size()));
        if (joined != null && !guidOfRow.isEmpty()) {
            PageLookups.query(
                    c,
                    joined,
                    guidOfRow.keySet(),
                    rs -> attachments
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getString(2)));
        }
        for (Map.Entry<Long, String> e : guidOfRow.entrySet()) {
            Object[] b = bodyOfRow.get(e.getKey());
            MessageBody body = bodies.read(
                    e.getValue(),
                    (String) b[0],
                    (byte[]) b[1],
                    (byte[]) b[2],
                    attachments.getOrDefault(e.getKey(), List.of()));
            if (body.layout() != null) {
                t.layouts.put(Guids.normalize(e.getValue()), body.layout());
            }
        }
        return t;
    }

    /** The part ID ({@code text}/{@code att<i>}) of the target's Apple part {@code index}; null when unknown. */
    String partOf(String targetGuid, int index) {
        if (targetGuid == null || index < 0) {
            return null;
        }
        BodyLayout layout = layouts.get(Guids.normalize(targetGuid));
        return layout == null ? null : layout.partFor(index);
    }

    /** The GUID a tapback's {@code associated_message_guid} names ({@code p:N/GUID}, {@code bp:GUID}, bare). */
    static String tapbackTarget(String associatedGuid) {
        if (associatedGuid == null || associatedGuid.isBlank()) {
            return null;
        }
        String s = associatedGuid.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return s.substring(slash + 1);
        }
        return s.startsWith("bp:") ? s.substring(3) : s;
    }

    private static void addIfPresent(Set<String> guids, String guid) {
        if (guid != null && !guid.isBlank()) {
            guids.add(guid.trim());
        }
    }
}
