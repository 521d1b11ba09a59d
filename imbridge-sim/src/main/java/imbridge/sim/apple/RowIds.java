package imbridge.sim.apple;

import java.util.HashMap;
import java.util.Map;

/**
 * Stable ROWIDs: a key keeps the ROWID an earlier snapshot gave it; a new key gets the next one above every ROWID
 * ever handed out, so a later snapshot's new rows always sort after the old ones.
 */
final class RowIds {

    private final Map<String, Long> ids = new HashMap<>();
    private long highest;

    void keep(String key, long rowid) {
        ids.put(key, rowid);
        highest = Math.max(highest, rowid);
    }

    /** Raises the floor, so ROWIDs of rows that are gone are never reused. */
    void atLeast(long rowid) {
        highest = Math.max(highest, rowid);
    }

    long idFor(String key) {
        Long known = ids.get(key);
        if (known != null) {
            return known;
        }
        long next = ++highest;
        ids.put(key, next);
        return next;
    }

    boolean has(String key) {
        return ids.containsKey(key);
    }

    long next() {
        return ++highest;
    }
}
