package imbridge.matrix;

import imbridge.core.port.MatrixInbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link MatrixInbox} in memory with the SQL one's semantics (idempotent by event ID, ordered); for tests. */
final class InMemoryMatrixInbox implements MatrixInbox {
    private final Map<String, Row> byEventId = new LinkedHashMap<>();
    private long nextSeq = 1;

    private static final class Row {
        final long seq;
        final NewEvent event;
        int attempts;
        String lastError;
        String outcome;

        Row(long seq, NewEvent event) {
            this.seq = seq;
            this.event = event;
        }
    }

    @Override
    public synchronized int append(List<NewEvent> events) {
        int added = 0;
        for (NewEvent event : events) {
            if (!byEventId.containsKey(event.eventId())) {
                byEventId.put(event.eventId(), new Row(nextSeq++, event));
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        List<Entry> out = new ArrayList<>();
        for (Row row : byEventId.values()) {
            if (row.outcome == null && out.size() < limit) {
                out.add(new Entry(row.seq, row.event.eventId(), row.event.roomId(), row.event.json(), row.attempts));
            }
        }
        return out;
    }

    @Override
    public synchronized void markDone(long seq, String outcome) {
        row(seq).outcome = outcome;
    }

    @Override
    public synchronized void markFailed(long seq, String error) {
        Row row = row(seq);
        row.attempts++;
        row.lastError = error;
    }

    @Override
    public synchronized long pendingCount() {
        return byEventId.values().stream().filter(r -> r.outcome == null).count();
    }

    @Override
    public synchronized int forgetDoneBefore(long cutoffMs) {
        return 0;
    }

    synchronized Map<String, String> outcomes() {
        Map<String, String> out = new LinkedHashMap<>();
        byEventId.forEach((id, row) -> out.put(id, row.outcome));
        return out;
    }

    synchronized int attempts(String eventId) {
        return byEventId.get(eventId).attempts;
    }

    private Row row(long seq) {
        return byEventId.values().stream()
                .filter(r -> r.seq == seq)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry " + seq));
    }
}
