package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.FileState;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code attachment} rows (contract "Attachments"): path, whether the file is on disk, and whether
 * {@code mime_type} is left NULL for {@code uti} to say. A first snapshot picks ~5 % missing files and ~1.5 % NULL
 * filenames (at least one of each when there are attachments); later snapshots keep those and decide new
 * attachments alone.
 */
final class AttachmentPlanner {

    static final double MISSING_PERCENT = 5;
    static final double NO_FILENAME_PERCENT = 1.5;
    static final double MIME_NULL_PERCENT = 20;

    /** UTIs that name exactly one MIME type, so a reader can recover {@code mime_type} from them. */
    private static final Map<String, String> SINGLE_MIME_UTIS = Map.of(
            "public.jpeg", "image/jpeg",
            "public.png", "image/png",
            "public.heic", "image/heic",
            "com.apple.quicktime-movie", "video/quicktime",
            "public.mpeg-4", "video/mp4",
            "com.apple.coreaudio-format", "audio/x-caf",
            "com.adobe.pdf", "application/pdf");

    private final long seed;
    private final ExportLayout layout;
    private final AppleExportPlan previous;

    AttachmentPlanner(long seed, ExportLayout layout, AppleExportPlan previous) {
        this.seed = seed;
        this.layout = layout;
        this.previous = previous;
    }

    /**
     * @param firstUse the first message (by ROWID) that carries each attachment (upper-case GUID), if any
     */
    List<AttachmentRow> plan(
            List<AttachmentRecord> live, Map<String, MessageRecord> firstUse, RowIds ids, long snapshotNs) {
        Map<String, AttachmentRow> earlier = new HashMap<>();
        if (previous != null) {
            previous.attachments().forEach(a -> earlier.put(upper(a.record().guid()), a));
        }
        Set<String> missing = new HashSet<>();
        Set<String> noFilename = new HashSet<>();
        if (previous == null) {
            pickLowest(live, "missing-file", MISSING_PERCENT, missing, Set.of());
            pickLowest(live, "no-filename", NO_FILENAME_PERCENT, noFilename, missing);
        }
        List<AttachmentRow> rows = new ArrayList<>();
        for (AttachmentRecord record : live) {
            String guid = upper(record.guid());
            AttachmentRow before = earlier.get(guid);
            FileState state = before != null
                    ? before.state()
                    : noFilename.contains(guid)
                            ? FileState.NO_FILENAME
                            : missing.contains(guid)
                                    ? FileState.MISSING
                                    : previous != null && Choices.percent(seed, "missing-file", guid, MISSING_PERCENT)
                                            ? FileState.MISSING
                                            : FileState.ON_DISK;
            MessageRecord carrier = firstUse.get(guid);
            String fileName =
                    record.filename() == null || record.filename().isBlank() ? "attachment" : record.filename();
            rows.add(new AttachmentRow(
                    ids.idFor(guid),
                    record,
                    state == FileState.NO_FILENAME ? null : layout.attachmentPath(record.guid(), fileName),
                    state,
                    mimeColumn(seed, record),
                    carrier != null && carrier.fromMe(),
                    carrier != null ? carrier.timeNs() : snapshotNs));
        }
        rows.sort(Comparator.comparingLong(AttachmentRow::rowid));
        return rows;
    }

    /** NULL for about 1 in 5 rows whose UTI names exactly the record's MIME type. */
    static String mimeColumn(long seed, AttachmentRecord record) {
        String fromUti = record.uti() == null ? null : SINGLE_MIME_UTIS.get(record.uti());
        if (record.mime().equals(fromUti)
                && Choices.percent(seed, "mime-null", upper(record.guid()), MIME_NULL_PERCENT)) {
            return null;
        }
        return record.mime();
    }

    /** The MIME type a UTI names, when it names exactly one (the reader's fallback for NULL mime_type). */
    static String mimeOfUti(String uti) {
        return uti == null ? null : SINGLE_MIME_UTIS.get(uti);
    }

    /** About {@code percent} % of the attachments, the ones with the lowest hash; at least one. */
    private void pickLowest(
            List<AttachmentRecord> live, String decision, double percent, Set<String> out, Set<String> taken) {
        List<String> candidates = live.stream()
                .map(a -> upper(a.guid()))
                .filter(g -> !taken.contains(g))
                .toList();
        out.addAll(Choices.lowest(seed, decision, candidates, Math.max(1, Math.round(live.size() * percent / 100))));
    }

    private static String upper(String guid) {
        return guid.toUpperCase(Locale.ROOT);
    }
}
