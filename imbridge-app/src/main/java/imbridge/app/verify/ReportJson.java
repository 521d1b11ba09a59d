package imbridge.app.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report as JSON, keys in a fixed order: the shape issue 2 asks for, issue 3's additions ({@code deletedRooms},
 * {@code rejectedCount}, {@code rejected}, {@code recoverableZoneAccesses}, {@code pagesServed},
 * {@code faultsInjected}; the last three null when the simulator was not read), then rows and samples.
 */
public final class ReportJson {
    private ReportJson() {}

    public static ObjectNode toTree(VerificationReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (report.seed() == null) {
            root.putNull("seed");
        } else {
            root.put("seed", report.seed());
        }
        if (report.dataset() == null) {
            root.putNull("dataset");
        } else {
            root.putObject("dataset")
                    .put("chats", report.dataset().chats())
                    .put("messages", report.dataset().messages())
                    .put("attachments", report.dataset().attachments());
        }
        counts(root.putObject("expected"), report.expected());
        counts(root.putObject("delivered"), report.delivered());
        root.put("missing", report.missing());
        root.put("duplicates", report.duplicates());
        root.put("outOfOrder", report.outOfOrder());
        root.put("unexpected", report.unexpected());
        root.put("mismatched", report.mismatched());
        root.put("deletedRooms", report.deletedRooms());
        root.put("elapsedMs", report.elapsedMs());
        root.put("ok", report.ok());
        root.put("rejectedCount", report.rejectedCount());
        ArrayNode rejected = root.putArray("rejected");
        for (RejectedRecord record : report.rejected()) {
            rejected.addObject()
                    .put("zone", record.zone())
                    .put("recordName", record.recordName())
                    .put("reason", record.reason());
        }
        SimulatorStats sim = report.simulator();
        if (sim == null) {
            root.putNull("recoverableZoneAccesses");
            root.putNull("pagesServed");
            root.putNull("faultsInjected");
        } else {
            root.put("recoverableZoneAccesses", sim.recoverableZoneAccesses());
            sim.pagesServed().forEach(root.putObject("pagesServed")::put);
            sim.faultsInjected().forEach(root.putObject("faultsInjected")::put);
        }
        ArrayNode portals = root.putArray("portals");
        for (PortalRow row : report.portals()) {
            portals.addObject()
                    .put("portalId", row.portalId())
                    .put("roomId", row.roomId())
                    .put("expected", row.expected())
                    .put("delivered", row.delivered())
                    .put("missing", row.missing())
                    .put("duplicates", row.duplicates())
                    .put("outOfOrder", row.outOfOrder())
                    .put("unexpected", row.unexpected())
                    .put("mismatched", row.mismatched());
        }
        ArrayNode samples = root.putArray("samples");
        for (ProblemSample sample : report.samples()) {
            samples.addObject()
                    .put("problem", sample.problem().label())
                    .put("portal", sample.portalId())
                    .put("roomId", sample.roomId())
                    .put("guid", sample.guid())
                    .put("part", sample.part())
                    .put("eventId", sample.eventId())
                    .put("detail", sample.detail());
        }
        return root;
    }

    public static String toJson(VerificationReport report) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    public static void write(VerificationReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report) + System.lineSeparator());
    }

    private static void counts(ObjectNode node, Counts counts) {
        node.put("portals", counts.portals());
        node.put("parts", counts.parts());
    }
}
