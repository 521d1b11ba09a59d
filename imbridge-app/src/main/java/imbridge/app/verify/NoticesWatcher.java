package imbridge.app.verify;

import java.util.HashMap;
import java.util.Map;

/** {@link DeliveredNotices#byPart} while the verifier streams the rooms (notices are few: abandoned attachments). */
public final class NoticesWatcher implements RoomWatcher {
    private final Map<String, String> byPart = new HashMap<>();

    /** {@code GUID/part} → the notice's body, as {@link DeliveredNotices#byPart}. */
    public Map<String, String> byPart() {
        return Map.copyOf(byPart);
    }

    @Override
    public Watch open(RoomListing room, ExpectedPortal expected) {
        Map<String, String> found = new HashMap<>();
        return new Watch() {
            @Override
            public void event(DeliveredEvent e) {
                PartMarker marker = PartMarker.read(e.content());
                if (marker != null
                        && "m.notice".equals(e.content().get("msgtype"))
                        && e.content().get("body") instanceof String body) {
                    found.put(
                            DeliveredNotices.key(marker.id().guid(), marker.id().part()), body);
                }
            }

            @Override
            public void close() {
                byPart.putAll(found);
            }
        };
    }
}
