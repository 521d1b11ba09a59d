package imbridge.sim.cloudkit;

import imbridge.sim.SimTicker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each live message was first written to a stream connection, on the injected {@link SimTicker} (the bridge's
 * {@link SimTicker#SYSTEM} in the simulator, so a demo can set them against the homeserver double's accept times), and
 * the portal each emitted message belongs to. Not thread-safe: used under the {@link LiveFeed}'s monitor.
 */
final class PushTimes {
    private final SimTicker ticker;
    private final Map<String, Long> pushNanos = new HashMap<>();
    private final Map<String, String> portalOfMessage = new HashMap<>();

    PushTimes(SimTicker ticker) {
        this.ticker = ticker;
    }

    void emitted(String guid, String portalId) {
        portalOfMessage.put(guid, portalId);
    }

    /** The message's event goes out now; only its first push counts. */
    void pushed(String guid) {
        pushNanos.putIfAbsent(guid, ticker.nanos());
    }

    List<LiveFeed.MessagePush> snapshot() {
        List<LiveFeed.MessagePush> out = new ArrayList<>(pushNanos.size());
        pushNanos.forEach((guid, nanos) -> out.add(new LiveFeed.MessagePush(guid, portalOfMessage.get(guid), nanos)));
        return out;
    }
}
