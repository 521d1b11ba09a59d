package imbridge.store;

import imbridge.core.port.TransactionLog;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link TransactionLog} in the {@code as_txn} and {@code as_event} tables (migration V3), shared by every
 * login of the process: appservice transactions belong to the bridge, not to a login.
 */
public final class SqlTransactionLog implements TransactionLog {

    private static final String FIND_TXN = "SELECT 1 FROM as_txn WHERE txn_id = :txnId AND events_digest = :digest";
    private static final String FIND_EVENTS = "SELECT event_id FROM as_event WHERE event_id IN (<ids>)";
    private static final String INSERT_TXN = """
            INSERT INTO as_txn (txn_id, events_digest, event_count, processed_ts)
            VALUES (:txnId, :digest, :count, :now)
            ON CONFLICT (txn_id, events_digest) DO NOTHING""";
    private static final String INSERT_EVENT = """
            INSERT INTO as_event (event_id, processed_ts) VALUES (:eventId, :now)
            ON CONFLICT (event_id) DO NOTHING""";

    private final SqlAccess sql;

    SqlTransactionLog(SqlAccess sql) {
        this.sql = sql;
    }

    @Override
    public boolean isProcessed(String txnId, String eventsDigest) {
        return sql.reader()
                .withHandle(h -> h.createQuery(FIND_TXN)
                        .bind("txnId", txnId)
                        .bind("digest", eventsDigest)
                        .mapTo(Integer.class)
                        .findFirst()
                        .isPresent());
    }

    @Override
    public Set<String> processedEvents(Collection<String> eventIds) {
        Set<String> seen = new LinkedHashSet<>();
        if (eventIds.isEmpty()) {
            return seen;
        }
        sql.reader().useHandle(h -> {
            for (List<String> chunk : Chunks.of(new LinkedHashSet<>(eventIds))) {
                seen.addAll(h.createQuery(FIND_EVENTS)
                        .bindList("ids", chunk)
                        .mapTo(String.class)
                        .list());
            }
        });
        return seen;
    }

    @Override
    public void markProcessed(String txnId, String eventsDigest, Collection<String> eventIds) {
        long now = sql.now();
        sql.writer().useTransaction(h -> {
            h.createUpdate(INSERT_TXN)
                    .bind("txnId", txnId)
                    .bind("digest", eventsDigest)
                    .bind("count", eventIds.size())
                    .bind("now", now)
                    .execute();
            if (!eventIds.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(INSERT_EVENT);
                for (String eventId : new LinkedHashSet<>(eventIds)) {
                    batch.bind("eventId", eventId).bind("now", now).add();
                }
                batch.execute();
            }
        });
    }

    @Override
    public int forgetBefore(long cutoffMs) {
        return sql.writer()
                .inTransaction(h -> h.createUpdate("DELETE FROM as_txn WHERE processed_ts < :cutoff")
                                .bind("cutoff", cutoffMs)
                                .execute()
                        + h.createUpdate("DELETE FROM as_event WHERE processed_ts < :cutoff")
                                .bind("cutoff", cutoffMs)
                                .execute());
    }
}
