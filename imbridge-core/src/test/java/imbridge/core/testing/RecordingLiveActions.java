package imbridge.core.testing;

import imbridge.core.port.MatrixLiveActions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link MatrixLiveActions} that records what the live path asked for ({@code target=body}, notices). */
public final class RecordingLiveActions implements MatrixLiveActions {
    public final List<String> edits = new CopyOnWriteArrayList<>();
    public final List<String> names = new CopyOnWriteArrayList<>();
    public final List<String> notices = new CopyOnWriteArrayList<>();

    @Override
    public String sendEdit(
            String roomId, String senderHandle, String targetEventId, String newBody, String txnId, long timestampMs) {
        edits.add(targetEventId + "=" + newBody);
        return "$edit" + edits.size();
    }

    @Override
    public void setRoomName(String roomId, String name) {
        names.add(roomId + "=" + name);
    }

    @Override
    public String sendBotNotice(String roomId, String txnId, String body) {
        notices.add(roomId + " " + txnId + " " + body);
        return "$notice" + notices.size();
    }
}
