package imbridge.sim.apple;

import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.DatasetGenerator;
import imbridge.sim.cloudkit.SimProfile;
import java.time.Duration;

/** Generated accounts for the export tests. */
final class Accounts {

    static final Duration LATE_AFTER = Duration.ofSeconds(3);

    private Accounts() {}

    /** Profile full: tapbacks, replies, edits, unsends, events, tombstoned chats and messages, junk chats. */
    static Dataset full(long seed, int chats, int messages) {
        return new DatasetGenerator(seed, chats, messages, SimProfile.FULL, LATE_AFTER).generate();
    }
}
