package imbridge.app.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The notices the bridge put in rooms in place of attachments, by the part they stand for. */
public final class DeliveredNotices {
    private DeliveredNotices() {}

    /** {@code GUID/part} (GUID upper-case) → the notice's body, for every {@code m.notice} carrying a part marker. */
    public static Map<String, String> byPart(List<DeliveredRoom> rooms) {
        Map<String, String> out = new HashMap<>();
        for (DeliveredRoom room : rooms) {
            for (DeliveredEvent e : room.timeline()) {
                PartMarker marker = PartMarker.read(e.content());
                if (marker != null
                        && "m.notice".equals(e.content().get("msgtype"))
                        && e.content().get("body") instanceof String body) {
                    out.put(key(marker.id().guid(), marker.id().part()), body);
                }
            }
        }
        return out;
    }

    public static String key(String guid, String part) {
        return guid.toUpperCase(Locale.ROOT) + "/" + part;
    }
}
