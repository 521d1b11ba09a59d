package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ground truth with the live phase applied (wire-contracts.md §1, "Live stream"): live messages become parts like
 * CloudKit messages (upper-case GUID while only the push has them), unsent ones have none, edited ones show their
 * final text with {@code "edited":true}, the owner's sends are no ghost parts, a deleted DM revived by a genuinely new
 * message shows only the new messages, and the {@code live} section summarises the stream.
 */
public final class LiveTruth {

    /** A pushed event a correct bridge drops. */
    public record Drop(long seq, String guid, String portalId, String reason) {}

    /** A message the owner sent through {@code /live/v1/send}: text, or file name. */
    public record Sent(String guid, String portalId, String text, String filename) {}

    /** A pushed live message as it stands now. */
    record Message(
            LiveMessage.Origin origin,
            String guid,
            String portalId,
            long ts,
            String sender,
            boolean fromMe,
            String text,
            String subject,
            List<AttachmentRecord> attachments,
            boolean tapback,
            boolean edited,
            boolean unsent) {}

    /** The feed's state for the truth. */
    record View(
            boolean enabled,
            boolean complete,
            long emitted,
            Map<String, Long> byKind,
            long lastSeq,
            List<Drop> expectedDrops,
            List<Sent> sentFromMatrix,
            List<Message> messages) {}

    private final Truth truth;
    private final List<String> revivedPortals;
    private final Set<String> editedGuids;
    private final View view;

    private LiveTruth(Truth truth, List<String> revivedPortals, Set<String> editedGuids, View view) {
        this.truth = truth;
        this.revivedPortals = List.copyOf(revivedPortals);
        this.editedGuids = Set.copyOf(editedGuids);
        this.view = view;
    }

    /** The portals (with live parts), deleted portals and rejected records. */
    public Truth truth() {
        return truth;
    }

    /** Deleted conversations that a genuinely new message brought back (they stay in {@code deletedPortals}). */
    public List<String> revivedPortals() {
        return revivedPortals;
    }

    public boolean complete() {
        return view.complete();
    }

    public List<Drop> expectedDrops() {
        return view.expectedDrops();
    }

    public List<Sent> sentFromMatrix() {
        return view.sentFromMatrix();
    }

    /** Whether a part was edited through the live stream (its body is the final text). */
    public boolean edited(Truth.Part part) {
        return "text".equals(part.part()) && editedGuids.contains(upper(part.guid()));
    }

    static LiveTruth apply(Truth base, View view, AssetFaults assetFaults) {
        Set<String> hidden = new HashSet<>(); // the owner's sends and unsent messages: no ghost parts
        Map<String, Message> edited = new HashMap<>();
        view.sentFromMatrix().forEach(s -> hidden.add(upper(s.guid())));
        for (Message m : view.messages()) {
            if (m.unsent()) {
                hidden.add(upper(m.guid()));
            } else if (m.edited()) {
                edited.put(upper(m.guid()), m);
            }
        }
        Map<String, Truth.Portal> portals = new TreeMap<>();
        Map<String, List<Truth.Part>> parts = new HashMap<>();
        Set<String> present = new HashSet<>();
        for (Truth.Portal portal : base.portals()) {
            portals.put(portal.portalId(), portal);
            List<Truth.Part> kept = new ArrayList<>();
            for (Truth.Part part : portal.parts()) {
                String guid = upper(part.guid());
                if (hidden.contains(guid)) {
                    continue;
                }
                present.add(guid);
                Message edit = edited.get(guid);
                kept.add(
                        edit != null && "text".equals(part.part())
                                ? part.withBody(MessageBody.of(edit.text(), edit.subject()))
                                : part);
            }
            parts.put(portal.portalId(), kept);
        }
        String owner = base.ownerHandles().getFirst();
        Set<String> touched = new HashSet<>();
        for (Message m : view.messages()) {
            if (m.tapback()
                    || m.unsent()
                    || m.origin() == LiveMessage.Origin.STALE
                    || m.origin() == LiveMessage.Origin.SENT
                    || present.contains(upper(m.guid()))) {
                continue;
            }
            portals.computeIfAbsent(m.portalId(), LiveTruth::newPortal);
            List<Truth.Part> list = parts.computeIfAbsent(m.portalId(), id -> new ArrayList<>());
            addParts(m, m.fromMe() ? owner : m.sender(), list, assetFaults);
            touched.add(m.portalId());
        }
        List<Truth.Portal> result = new ArrayList<>();
        List<String> revived = new ArrayList<>();
        Set<String> deleted = new TreeSet<>(base.deletedPortals());
        for (Truth.Portal portal : portals.values()) {
            List<Truth.Part> list = parts.get(portal.portalId());
            if (touched.contains(portal.portalId())) {
                list.sort(Comparator.comparingLong(Truth.Part::ts).thenComparing(p -> upper(p.guid())));
            }
            if (!list.isEmpty()) {
                result.add(new Truth.Portal(portal.portalId(), portal.kind(), portal.name(), portal.members(), list));
                if (deleted.contains(portal.portalId())) {
                    revived.add(portal.portalId());
                }
            }
        }
        Truth truth = new Truth(
                base.seed(),
                base.dataset(),
                base.ownerHandles(),
                result,
                base.deletedPortals(),
                base.rejectedRecords());
        return new LiveTruth(truth, revived, edited.keySet(), view);
    }

    private static Truth.Portal newPortal(String portalId) {
        boolean group = portalId.startsWith("gid:");
        return new Truth.Portal(
                portalId, group ? "group" : "dm", null, group ? List.of() : List.of(portalId), List.of());
    }

    private static void addParts(Message m, String sender, List<Truth.Part> out, AssetFaults assetFaults) {
        String body = MessageBody.of(m.text(), m.subject());
        if (!body.isBlank()) {
            out.add(Truth.Part.text(m.guid(), m.ts(), sender, m.fromMe(), body));
        }
        for (int i = 0; i < m.attachments().size(); i++) {
            AttachmentRecord a = m.attachments().get(i);
            String broken = assetFaults == null ? null : assetFaults.brokenReason(a.recordName());
            out.add(Truth.Part.file(m.guid(), i, m.ts(), sender, m.fromMe(), a, broken));
        }
    }

    private static String upper(String guid) {
        return guid.toUpperCase(Locale.ROOT);
    }

    /** Writes {@code "revivedPortals"} and the {@code "live"} object (after the base truth's own fields). */
    void writeFields(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("revivedPortals");
        for (String portalId : revivedPortals) {
            g.writeString(portalId);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("live");
        g.writeBooleanField("enabled", view.enabled());
        g.writeBooleanField("complete", view.complete());
        g.writeNumberField("emitted", view.emitted());
        g.writeObjectFieldStart("byKind");
        for (Map.Entry<String, Long> entry : view.byKind().entrySet()) {
            g.writeNumberField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("lastSeq", view.lastSeq());
        g.writeArrayFieldStart("expectedDrops");
        for (Drop drop : view.expectedDrops()) {
            g.writeStartObject();
            g.writeNumberField("seq", drop.seq());
            g.writeStringField("guid", drop.guid());
            g.writeStringField("portalId", drop.portalId());
            g.writeStringField("reason", drop.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        // Which parts came from the live stream: a verifier checks none of them lands before its room's history.
        g.writeArrayFieldStart("messageGuids");
        for (Message m : view.messages()) {
            if (!m.unsent()) {
                g.writeString(m.guid().toUpperCase(Locale.ROOT));
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sentFromMatrix");
        for (Sent s : view.sentFromMatrix()) {
            g.writeStartObject();
            g.writeStringField("guid", s.guid());
            g.writeStringField("portalId", s.portalId());
            if (s.filename() != null) {
                g.writeStringField("filename", s.filename());
            }
            if (s.text() != null) {
                g.writeStringField("text", s.text());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
