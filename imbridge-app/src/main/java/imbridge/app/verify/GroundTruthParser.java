package imbridge.app.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the simulator's ground-truth JSON (wire-contracts.md §1, {@code GET /_sim/truth}) with clear errors. */
public final class GroundTruthParser {
    private GroundTruthParser() {}

    public static GroundTruth parse(String json) {
        try {
            return parse(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ground truth is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** What the whole truth and its index share: the account's shape and the portals array. */
    private record Header(Long seed, DatasetSize dataset, List<String> owner, JsonNode portals) {}

    private static Header header(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        Long seed = root.hasNonNull("seed") ? root.get("seed").asLong() : null;
        JsonNode ds = root.get("dataset");
        DatasetSize dataset = ds == null || ds.isNull()
                ? null
                : new DatasetSize(
                        ds.path("chats").asLong(),
                        ds.path("messages").asLong(),
                        ds.path("attachments").asLong());
        List<String> owner = new ArrayList<>();
        root.path("owner").path("handles").forEach(h -> owner.add(h.asText()));
        JsonNode portals = root.get("portals");
        if (portals == null || !portals.isArray()) {
            throw new IllegalArgumentException(what + ": 'portals' must be an array");
        }
        return new Header(seed, dataset, owner, portals);
    }

    public static GroundTruth parse(JsonNode root) {
        Header h = header(root, "ground truth");
        Long seed = h.seed();
        DatasetSize dataset = h.dataset();
        List<String> owner = h.owner();
        JsonNode portals = h.portals();
        List<ExpectedPortal> out = new ArrayList<>(portals.size());
        for (int i = 0; i < portals.size(); i++) {
            out.add(portal(portals.get(i), "portals[" + i + "]"));
        }
        return new GroundTruth(
                seed,
                dataset,
                owner,
                out,
                deletedPortals(root),
                rejectedRecords(root),
                strings(root, "revivedPortals"),
                live(root.get("live")),
                ghosts(root.get("ghosts")));
    }

    /**
     * The truth's index ({@code GET /_sim/truth/portals}): the whole document with {@code partCount} in place of
     * each portal's {@code parts}.
     */
    public static TruthSummary summary(JsonNode root) {
        Header h = header(root, "ground truth index");
        Long seed = h.seed();
        DatasetSize dataset = h.dataset();
        List<String> owner = h.owner();
        JsonNode portals = h.portals();
        List<TruthSummary.PortalSummary> out = new ArrayList<>(portals.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < portals.size(); i++) {
            JsonNode node = portals.get(i);
            String where = "portals[" + i + "]";
            String portalId = requiredText(node, "portalId", where);
            if (!ids.add(portalId)) {
                throw new IllegalArgumentException("ground truth lists portal " + portalId + " twice");
            }
            List<String> members = new ArrayList<>();
            node.path("members").forEach(m -> members.add(m.asText()));
            out.add(new TruthSummary.PortalSummary(
                    portalId,
                    optionalText(node, "kind"),
                    optionalText(node, "name"),
                    members,
                    requiredLong(node, "partCount", where)));
        }
        return new TruthSummary(
                seed,
                dataset,
                owner,
                out,
                deletedPortals(root),
                rejectedRecords(root),
                strings(root, "revivedPortals"),
                live(root.get("live")),
                ghosts(root.get("ghosts")));
    }

    /** One portal as {@code GET /_sim/truth/portals/{id}} serves it (the shape of an entry of {@code portals}). */
    public static ExpectedPortal portal(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("ground truth portal must be a JSON object");
        }
        return portal(node, "portal");
    }

    /** Optional: only the truth of a local Apple source (with its address book) lists ghost profiles. */
    private static List<ExpectedGhost> ghosts(JsonNode ghosts) {
        List<ExpectedGhost> out = new ArrayList<>();
        if (ghosts == null || ghosts.isNull()) {
            return out;
        }
        if (!ghosts.isArray()) {
            throw new IllegalArgumentException("ground truth: 'ghosts' must be an array");
        }
        for (int i = 0; i < ghosts.size(); i++) {
            JsonNode g = ghosts.get(i);
            if (!g.path("handle").isTextual()) {
                throw new IllegalArgumentException("ground truth: ghosts[" + i + "] has no handle");
            }
            out.add(new ExpectedGhost(
                    g.get("handle").asText(),
                    g.hasNonNull("displayName") ? g.get("displayName").asText() : null,
                    g.hasNonNull("avatarSha256") ? g.get("avatarSha256").asText() : null));
        }
        return out;
    }

    /** Optional string array; absent = empty. */
    private static List<String> strings(JsonNode root, String field) {
        List<String> out = new ArrayList<>();
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("ground truth: '" + field + "' must be an array");
        }
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** Optional: absent in truths without a live phase. */
    private static LiveExpectations live(JsonNode live) {
        if (live == null || live.isNull() || !live.path("enabled").asBoolean(false)) {
            return LiveExpectations.NONE;
        }
        List<LiveExpectations.ExpectedDrop> drops = new ArrayList<>();
        live.path("expectedDrops")
                .forEach(d -> drops.add(new LiveExpectations.ExpectedDrop(
                        d.path("seq").asLong(),
                        d.path("guid").asText().toUpperCase(java.util.Locale.ROOT),
                        d.path("portalId").asText(),
                        d.path("reason").asText())));
        List<LiveExpectations.SentFromMatrix> sent = new ArrayList<>();
        live.path("sentFromMatrix")
                .forEach(x -> sent.add(new LiveExpectations.SentFromMatrix(
                        x.path("guid").asText().toUpperCase(java.util.Locale.ROOT),
                        x.path("portalId").asText(),
                        x.hasNonNull("text") ? x.get("text").asText() : null,
                        x.hasNonNull("filename") ? x.get("filename").asText() : null)));
        java.util.Set<String> guids = new java.util.HashSet<>();
        live.path("messageGuids").forEach(g -> guids.add(g.asText()));
        return new LiveExpectations(
                true,
                live.path("complete").asBoolean(false),
                live.path("emitted").asLong(),
                guids,
                drops,
                sent);
    }

    /** Optional: absent in truths that predate the full record model. */
    private static List<String> deletedPortals(JsonNode root) {
        JsonNode deleted = root.get("deletedPortals");
        List<String> out = new ArrayList<>();
        if (deleted == null || deleted.isNull()) {
            return out;
        }
        if (!deleted.isArray()) {
            throw new IllegalArgumentException("ground truth: 'deletedPortals' must be an array");
        }
        for (int i = 0; i < deleted.size(); i++) {
            if (!deleted.get(i).isTextual()) {
                throw new IllegalArgumentException("ground truth: deletedPortals[" + i + "] must be a string");
            }
            out.add(deleted.get(i).asText());
        }
        return out;
    }

    private static List<RejectedRecord> rejectedRecords(JsonNode root) {
        JsonNode rejected = root.get("rejectedRecords");
        List<RejectedRecord> out = new ArrayList<>();
        if (rejected == null || rejected.isNull()) {
            return out;
        }
        if (!rejected.isArray()) {
            throw new IllegalArgumentException("ground truth: 'rejectedRecords' must be an array");
        }
        for (int i = 0; i < rejected.size(); i++) {
            String where = "rejectedRecords[" + i + "]";
            JsonNode node = rejected.get(i);
            out.add(new RejectedRecord(
                    requiredText(node, "zone", where),
                    requiredText(node, "recordName", where),
                    requiredText(node, "reason", where)));
        }
        return out;
    }

    /**
     * One portal as {@link #portal(JsonNode)} reads it, from a stream, one part at a time: a chat of hundreds of
     * thousands of parts never exists as a JSON tree (about a kilobyte per part), only as its parts.
     */
    public static ExpectedPortal portal(java.io.InputStream in) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("ground truth portal must be a JSON object");
            }
            com.fasterxml.jackson.databind.node.ObjectNode head = Json.MAPPER.createObjectNode();
            List<ExpectedPart> parts = null;
            Set<PartId> seen = new HashSet<>();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("parts")) {
                    head.set(field, p.readValueAsTree());
                    continue;
                }
                if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("ground truth: portal: 'parts' must be an array");
                }
                parts = new ArrayList<>();
                while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    String where = "portal.parts[" + parts.size() + "]";
                    ExpectedPart part = part(p.readValueAsTree(), where);
                    if (!seen.add(part.id())) {
                        throw new IllegalArgumentException(
                                "ground truth: " + where + ": part " + part.id() + " listed twice");
                    }
                    parts.add(part);
                }
            }
            if (parts == null) {
                throw new IllegalArgumentException("ground truth: portal: 'parts' must be an array");
            }
            String portalId = requiredText(head, "portalId", "portal");
            List<String> members = new ArrayList<>();
            head.path("members").forEach(m -> members.add(m.asText()));
            return new ExpectedPortal(portalId, optionalText(head, "kind"), optionalText(head, "name"), members, parts);
        }
    }

    private static ExpectedPortal portal(JsonNode node, String where) {
        String portalId = requiredText(node, "portalId", where);
        List<String> members = new ArrayList<>();
        node.path("members").forEach(m -> members.add(m.asText()));
        JsonNode parts = node.get("parts");
        if (parts == null || !parts.isArray()) {
            throw new IllegalArgumentException("ground truth: " + where + ": 'parts' must be an array");
        }
        List<ExpectedPart> out = new ArrayList<>(parts.size());
        Set<PartId> seen = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            String partWhere = where + ".parts[" + i + "]";
            ExpectedPart part = part(parts.get(i), partWhere);
            if (!seen.add(part.id())) {
                throw new IllegalArgumentException(
                        "ground truth: " + partWhere + ": part " + part.id() + " listed twice in portal " + portalId);
            }
            out.add(part);
        }
        return new ExpectedPortal(portalId, optionalText(node, "kind"), optionalText(node, "name"), members, out);
    }

    private static ExpectedPart part(JsonNode node, String where) {
        String kind = requiredText(node, "kind", where);
        String guid = requiredText(node, "guid", where);
        String part = requiredText(node, "part", where);
        long ts = requiredLong(node, "ts", where);
        String sender = requiredText(node, "sender", where);
        boolean fromMe = node.path("fromMe").asBoolean(false);
        ExpectedPart parsed = switch (kind) {
            case ExpectedPart.KIND_TEXT ->
                new ExpectedPart(
                        guid,
                        part,
                        ts,
                        sender,
                        fromMe,
                        kind,
                        requiredText(node, "body", where),
                        null,
                        null,
                        null,
                        null);
            // a file whose asset is permanently broken ("brokenReason") must arrive as a notice
            case ExpectedPart.KIND_FILE ->
                new ExpectedPart(
                        guid,
                        part,
                        ts,
                        sender,
                        fromMe,
                        node.hasNonNull("brokenReason") ? ExpectedPart.KIND_NOTICE : kind,
                        node.hasNonNull("brokenReason") ? requiredText(node, "brokenReason", where) : null,
                        requiredText(node, "filename", where),
                        requiredText(node, "mime", where),
                        requiredLong(node, "size", where),
                        requiredText(node, "sha256", where));
            case ExpectedPart.KIND_REACTION ->
                ExpectedPart.reaction(
                        guid,
                        ts,
                        sender,
                        fromMe,
                        requiredText(node, "key", where),
                        requiredText(node, "target", where));
            default ->
                throw new IllegalArgumentException(
                        "ground truth: " + where + ": unknown kind '" + kind + "' (expected text, file or reaction)");
        };
        if (node.hasNonNull("opusPacketsSha256")) { // a voice note holding Opus: expected as Ogg Opus
            parsed = parsed.withOpus(new ExpectedPart.OpusPackets(
                    (int) requiredLong(node, "opusPackets", where), requiredText(node, "opusPacketsSha256", where)));
        }
        return node.hasNonNull("replyTo") ? parsed.withReplyTo(requiredText(node, "replyTo", where)) : parsed;
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("ground truth: " + where + ": '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static long requiredLong(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("ground truth: " + where + ": '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
