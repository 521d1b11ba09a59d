package imbridge.app.verify;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the truth says about the live phase ({@code live} in the simulator's truth): the pushed messages (their
 * parts are in the portals like any other), the events a correct bridge drops, and the owner's messages sent from
 * Matrix (which must reach Apple and never come back as ghost parts).
 */
public record LiveExpectations(
        boolean enabled,
        boolean complete,
        long emitted,
        Set<String> messageGuids,
        List<ExpectedDrop> expectedDrops,
        List<SentFromMatrix> sentFromMatrix) {

    /** A pushed event a correct bridge drops; {@code guid} upper-case. */
    public record ExpectedDrop(long seq, String guid, String portalId, String reason) {}

    public record SentFromMatrix(String guid, String portalId, String text, String filename) {}

    public LiveExpectations {
        messageGuids = messageGuids.stream()
                .map(g -> g.toUpperCase(java.util.Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        expectedDrops = List.copyOf(expectedDrops);
        sentFromMatrix = List.copyOf(sentFromMatrix);
    }

    public static final LiveExpectations NONE = new LiveExpectations(false, true, 0, Set.of(), List.of(), List.of());
}
