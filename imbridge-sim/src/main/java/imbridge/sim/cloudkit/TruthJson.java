package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Serialises a {@link Truth} in the exact shape of the wire contract, field order fixed. */
public final class TruthJson {

    private TruthJson() {}

    public static byte[] toBytes(Truth truth) {
        return Json.write(g -> write(g, truth, null));
    }

    /** The truth with the live phase applied, plus {@code revivedPortals} and the {@code live} section. */
    public static byte[] toBytes(LiveTruth live) {
        return Json.write(g -> write(g, live.truth(), live));
    }

    /**
     * The index of the truth ({@code GET /_sim/truth/portals}): the whole document with each portal's {@code parts}
     * replaced by {@code partCount}, so a verifier can hold the account's shape and read portals one at a time.
     */
    public static byte[] indexBytes(Truth truth, LiveTruth live) {
        return Json.write(g -> write(g, truth, live, false));
    }

    /** One portal exactly as it appears in the whole document ({@code GET /_sim/truth/portals/{id}}). */
    public static byte[] portalBytes(Truth.Portal portal, LiveTruth live) {
        return Json.write(g -> writePortal(g, portal, live, true));
    }

    private static void write(JsonGenerator g, Truth truth, LiveTruth live) throws IOException {
        write(g, truth, live, true);
    }

    private static void write(JsonGenerator g, Truth truth, LiveTruth live, boolean withParts) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seed", truth.seed());
        g.writeObjectFieldStart("dataset");
        g.writeNumberField("chats", truth.dataset().chats());
        g.writeNumberField("messages", truth.dataset().messages());
        g.writeNumberField("attachments", truth.dataset().attachments());
        g.writeEndObject();
        g.writeObjectFieldStart("owner");
        writeStrings(g, "handles", truth.ownerHandles());
        g.writeEndObject();
        g.writeArrayFieldStart("portals");
        for (Truth.Portal portal : truth.portals()) {
            writePortal(g, portal, live, withParts);
        }
        g.writeEndArray();
        writeStrings(g, "deletedPortals", truth.deletedPortals());
        g.writeArrayFieldStart("rejectedRecords");
        for (Truth.Rejected rejected : truth.rejectedRecords()) {
            g.writeStartObject();
            g.writeStringField("zone", rejected.zone());
            g.writeStringField("recordName", rejected.recordName());
            g.writeStringField("reason", rejected.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!truth.ghosts().isEmpty()) { // local Apple sources only: the CloudKit truth stays as it was
            g.writeArrayFieldStart("ghosts");
            for (Truth.Ghost ghost : truth.ghosts()) {
                g.writeStartObject();
                g.writeStringField("handle", ghost.handle());
                g.writeStringField("displayName", ghost.displayName());
                g.writeStringField("avatarSha256", ghost.avatarSha256());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (live != null) {
            live.writeFields(g);
        }
        g.writeEndObject();
    }

    private static void writePortal(JsonGenerator g, Truth.Portal portal, LiveTruth live, boolean withParts)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("portalId", portal.portalId());
        g.writeStringField("kind", portal.kind());
        g.writeStringField("name", portal.name());
        writeStrings(g, "members", portal.members());
        if (!withParts) {
            g.writeNumberField("partCount", portal.parts().size());
            g.writeEndObject();
            return;
        }
        g.writeArrayFieldStart("parts");
        for (Truth.Part part : portal.parts()) {
            writePart(g, part, live);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writePart(JsonGenerator g, Truth.Part part, LiveTruth live) throws IOException {
        g.writeStartObject();
        g.writeStringField("guid", part.guid());
        g.writeStringField("part", part.part());
        g.writeNumberField("ts", part.ts());
        g.writeStringField("sender", part.sender());
        g.writeBooleanField("fromMe", part.fromMe());
        g.writeStringField("kind", part.kind());
        if (part.key() != null) {
            g.writeStringField("key", part.key());
            g.writeStringField("target", part.target());
        } else if (part.body() != null) {
            g.writeStringField("body", part.body());
            if (live != null && live.edited(part)) {
                g.writeBooleanField("edited", true);
            }
        } else {
            g.writeStringField("filename", part.filename());
            g.writeStringField("mime", part.mime());
            g.writeNumberField("size", part.size());
            g.writeStringField("sha256", part.sha256());
            if (part.brokenReason() != null) {
                g.writeStringField("brokenReason", part.brokenReason());
            }
            if (part.opus() != null) {
                g.writeNumberField("opusPackets", part.opus().count());
                g.writeStringField("opusPacketsSha256", part.opus().sha256());
            }
        }
        if (part.replyTo() != null) {
            g.writeStringField("replyTo", part.replyTo());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
