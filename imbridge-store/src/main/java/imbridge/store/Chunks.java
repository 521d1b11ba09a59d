package imbridge.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Splits the values of an {@code IN (...)} list so no statement exceeds the drivers' bind-variable limits. */
final class Chunks {

    static final int IN_LIST_SIZE = 500;

    private Chunks() {}

    static <T> List<List<T>> of(Collection<T> values) {
        List<T> all = List.copyOf(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST_SIZE) {
            chunks.add(all.subList(from, Math.min(all.size(), from + IN_LIST_SIZE)));
        }
        return chunks;
    }

    /** Runs {@code sql} once per chunk of {@code portalIds}, bound as {@code <portals>} with the login. */
    static void updatePortals(Handle h, String sql, String login, Collection<String> portalIds) {
        for (List<String> chunk : of(portalIds)) {
            h.createUpdate(sql).bind("login", login).bindList("portals", chunk).execute();
        }
    }
}
