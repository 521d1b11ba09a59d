package imbridge.applelocal.codec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoded {@code message_summary_info} (binary plist): per part, whether it was edited (with its history, oldest
 * first; the last version is the current one) or unsent (retracted).
 *
 * @param originalPartCount how many parts the message had when sent ({@code otr}'s size), 0 when absent
 * @param editHistory       part index → versions, oldest first ({@code ec})
 * @param unsentParts       retracted part indices ({@code rp})
 */
public record SummaryInfo(int originalPartCount, Map<Integer, List<EditVersion>> editHistory,
                          Set<Integer> unsentParts) {

    public SummaryInfo {
        editHistory = Map.copyOf(editHistory);
        unsentParts = Set.copyOf(unsentParts);
    }

    /**
     * One version of an edited part.
     *
     * @param appleSeconds fractional seconds since 2001-01-01 ({@code d})
     * @param body         the version's decoded typedstream ({@code t}); null when it could not be decoded
     * @param balloonGuid  GUID of the link-preview message generated for this version ({@code bcg}), or null
     */
    public record EditVersion(double appleSeconds, AttributedBody body, String balloonGuid) {
    }

    public static SummaryInfo decode(byte[] plist) throws AppleDecodeException {
        throw new AppleDecodeException("message_summary_info decoding is being written in this branch");
    }
}
