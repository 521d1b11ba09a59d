package imbridge.applelocal.codec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A decoded {@code message_summary_info} (binary plist, spec 5.3): per part, whether it was edited (with its history,
 * oldest first; the last version is the current one) or unsent (retracted).
 *
 * @param originalPartCount how many parts the message had when sent ({@code otr}'s size), 0 when absent
 * @param editHistory       part index → versions, oldest first ({@code ec})
 * @param unsentParts       retracted part indices ({@code rp})
 */
public record SummaryInfo(
        int originalPartCount, Map<Integer, List<EditVersion>> editHistory, Set<Integer> unsentParts) {

    public SummaryInfo {
        editHistory = Map.copyOf(editHistory);
        unsentParts = Set.copyOf(unsentParts);
    }

    /** What happened to one part. Unsent wins over edited: an edited part can still be retracted. */
    public enum PartStatus {
        ORIGINAL,
        EDITED,
        UNSENT
    }

    /**
     * One version of an edited part.
     *
     * @param appleSeconds fractional seconds since 2001-01-01 ({@code d}); 0 when absent
     * @param body         the version's decoded typedstream ({@code t}); null when it could not be decoded
     * @param balloonGuid  GUID of the link-preview message generated for this version ({@code bcg}), or null
     * @param legacyText   when {@code body} is null: the text {@link LegacyText} recovered from {@code t}, or null
     */
    public record EditVersion(double appleSeconds, AttributedBody body, String balloonGuid, String legacyText) {

        public EditVersion(double appleSeconds, AttributedBody body, String balloonGuid) {
            this(appleSeconds, body, balloonGuid, null);
        }

        /** The version's text: the decoded body's, else the recovered legacy text; null when neither exists. */
        public String text() {
            return body != null ? body.text() : legacyText;
        }

        /** Unix milliseconds of this version (0 when the plist carried no date). */
        public long unixMillis() {
            return appleSeconds == 0 ? 0 : AppleDates.secondsToUnixMillis(appleSeconds);
        }
    }

    /**
     * @throws AppleDecodeException when the bytes are not a binary plist dictionary or a known key has the wrong
     *                              shape; a single undecodable version body does not fail the whole summary
     */
    public static SummaryInfo decode(byte[] plist) throws AppleDecodeException {
        return SummaryInfoParser.parse(plist);
    }

    /** Number of parts the summary speaks of: the original count, or more if edits/unsends name higher indices. */
    public int partCount() {
        return Math.max(originalPartCount, Math.max(highest(editHistory.keySet()), highest(unsentParts)) + 1);
    }

    public PartStatus status(int part) {
        if (unsentParts.contains(part)) {
            return PartStatus.UNSENT;
        }
        return editHistory.containsKey(part) ? PartStatus.EDITED : PartStatus.ORIGINAL;
    }

    public boolean isUnsent(int part) {
        return unsentParts.contains(part);
    }

    public boolean isEdited(int part) {
        return status(part) == PartStatus.EDITED;
    }

    /** Every part was retracted (then {@code attributedBody} is an empty string). */
    public boolean isFullyUnsent() {
        int parts = partCount();
        if (parts == 0 || unsentParts.size() < parts) {
            return false;
        }
        for (int part = 0; part < parts; part++) {
            if (!unsentParts.contains(part)) {
                return false;
            }
        }
        return true;
    }

    /** The versions of a part, oldest first; empty when it was never edited. */
    public List<EditVersion> history(int part) {
        return editHistory.getOrDefault(part, List.of());
    }

    /** The current (last) version of an edited part. */
    public Optional<EditVersion> currentVersion(int part) {
        List<EditVersion> versions = history(part);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    /** The current body of an edited part, when its last version decoded. */
    public Optional<AttributedBody> currentBody(int part) {
        return currentVersion(part).map(EditVersion::body);
    }

    /** The body the part had when first sent (the oldest version), when it decoded. */
    public Optional<AttributedBody> originalBody(int part) {
        List<EditVersion> versions = history(part);
        return versions.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(versions.getFirst().body());
    }

    private static int highest(Collection<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).max().orElse(-1);
    }
}
