package imbridge.applelocal.chatdb;

import imbridge.core.model.RecordReject;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A feed read page by page until {@code moreComing} is false, as the engine's zone syncer does. */
public record Drained<T>(
        List<T> records, List<String> deleted, List<RecordReject> rejects, String token, List<ZonePage<T>> pages) {

    @FunctionalInterface
    public interface Feed<T> {
        ZonePage<T> page(String token) throws CloudSourceException;
    }

    public static <T> Drained<T> from(Feed<T> feed, String token) throws CloudSourceException {
        List<T> records = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<RecordReject> rejects = new ArrayList<>();
        List<ZonePage<T>> pages = new ArrayList<>();
        String at = token;
        for (int i = 0; i < 10_000; i++) {
            ZonePage<T> page = feed.page(at);
            pages.add(page);
            records.addAll(page.records());
            deleted.addAll(page.deletedRecordNames());
            rejects.addAll(page.rejects());
            at = page.syncToken();
            if (!page.moreComing()) {
                return new Drained<>(records, deleted, rejects, at, pages);
            }
        }
        throw new AssertionError("feed did not end within 10000 pages");
    }

    public <K> Map<K, T> by(Function<T, K> key) {
        return records.stream().collect(Collectors.toMap(key, r -> r));
    }
}
