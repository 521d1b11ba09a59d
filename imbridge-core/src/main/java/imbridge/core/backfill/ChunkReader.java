package imbridge.core.backfill;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.MessageRow;
import imbridge.core.port.CloudStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a portal's cached history in keyset chunks after its cursor and keeps of each chunk the rows that can be
 * sent now: a row whose attachment records the sync has not delivered yet makes the portal wait, and a row from the
 * future is held until its time has come.
 */
final class ChunkReader {
    private static final Logger log = LoggerFactory.getLogger(ChunkReader.class);

    /**
     * The rows to send now, oldest first.
     *
     * @param deferred a row from the future was held back (the run ends; {@link #dueDeferred} brings it back)
     * @param waiting  a row waits for its attachment records (the portal stops WAITING after these rows)
     * @param last     nothing to read after these rows in this run
     */
    record Chunk(List<MessageRow> rows, boolean deferred, boolean waiting, boolean last) {}

    private final CloudStore cloud;
    private final Clock clock;
    private final int chunkSize;
    private final BooleanSupplier attachmentsMayStillArrive;
    /** Per portal: the earliest timestamp of a row held back for being in the future. */
    private final Map<String, Long> deferredUntil = new ConcurrentHashMap<>();

    ChunkReader(CloudStore cloud, Clock clock, int chunkSize, BooleanSupplier attachmentsMayStillArrive) {
        this.cloud = cloud;
        this.clock = clock;
        this.chunkSize = chunkSize;
        this.attachmentsMayStillArrive = attachmentsMayStillArrive;
    }

    /** The next chunk after {@code cursor}; null when the history has nothing after it. */
    Chunk next(String portalId, BackfillCursor cursor) {
        List<MessageRow> rows = cloud.messagesAfter(portalId, cursor, chunkSize);
        if (rows.isEmpty()) {
            return null;
        }
        int ready = readyPrefix(rows);
        int present = presentPrefix(portalId, rows);
        boolean deferred = present < ready;
        boolean waiting = !deferred && ready < rows.size();
        if (deferred || waiting) {
            rows = rows.subList(0, Math.min(ready, present));
        }
        return new Chunk(rows, deferred, waiting, deferred || rows.size() < chunkSize);
    }

    /** The rows after {@code chunk} when it is a full chunk (read ahead for their downloads); else none. */
    List<MessageRow> followingChunk(String portalId, List<MessageRow> chunk) {
        if (chunk.size() < chunkSize) {
            return List.of();
        }
        MessageRow last = chunk.getLast();
        return cloud.messagesAfter(portalId, new BackfillCursor(last.timestampMs(), last.guidNorm()), chunkSize);
    }

    /** Whether the history has anything after {@code cursor}. */
    boolean anyAfter(String portalId, BackfillCursor cursor) {
        return !cloud.messagesAfter(portalId, cursor, 1).isEmpty();
    }

    /** Portals holding rows from the future whose time has come (each returned once). */
    List<String> dueDeferred() {
        long now = clock.millis();
        List<String> due = new ArrayList<>();
        deferredUntil.forEach((portal, at) -> {
            if (at <= now && deferredUntil.remove(portal, at)) {
                due.add(portal);
            }
        });
        return due;
    }

    /**
     * How many leading rows are not from the future. A row timestamped after now (a copy that reached CloudKit
     * before its push, or clock skew) would land ahead of messages still to come, so it waits: the portal runs
     * again once that time has come, or earlier when its live push arrives.
     */
    private int presentPrefix(String portalId, List<MessageRow> rows) {
        long now = clock.millis();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).timestampMs() > now) {
                deferredUntil.merge(portalId, rows.get(i).timestampMs(), Math::min);
                log.info(
                        "forward backfill portal={} holds messages from {} ms in the future until then "
                                + "(reason=TIMESTAMP_IN_FUTURE)",
                        portalId,
                        rows.get(i).timestampMs() - now);
                return i;
            }
        }
        return rows.size();
    }

    /** How many leading rows can be sent now (all, unless one still waits for attachment records). */
    private int readyPrefix(List<MessageRow> rows) {
        if (!attachmentsMayStillArrive.getAsBoolean()) {
            return rows.size();
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).attachmentsIncomplete()) {
                return i;
            }
        }
        return rows.size();
    }
}
