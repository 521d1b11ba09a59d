package imbridge.applelocal.chatdb;

import imbridge.core.model.RecordReject;
import imbridge.core.model.ZonePage;
import java.util.ArrayList;
import java.util.List;

/** Collects one page's records and rejects; every reject and skip is logged with its reason and counted. */
final class PageAssembler<T> {
    private final String kind;
    private final SkipCounter counter;
    private final List<T> records = new ArrayList<>();
    private final List<RecordReject> rejects = new ArrayList<>();

    PageAssembler(String kind, SkipCounter counter) {
        this.kind = kind;
        this.counter = counter;
    }

    void add(String guid, RowOutcome<T> outcome) {
        switch (outcome) {
            case RowOutcome.Mapped<T> m -> records.add(m.record());
            case RowOutcome.Rejected<T> r -> {
                rejects.add(r.reject());
                counter.record(r.reject().reason(), kind + " guid=" + guid + " rejected", r.detail());
            }
            case RowOutcome.Skipped<T> s -> counter.record(s.reason(), kind + " guid=" + guid + " skipped", s.detail());
        }
    }

    void add(T record) {
        records.add(record);
    }

    ZonePage<T> build(List<String> tombstones, String feed, PositionToken position, boolean moreComing) {
        return new ZonePage<>(records, tombstones, rejects, position.format(feed), moreComing);
    }
}
