package imbridge.store;

import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL of {@code cloud_record_reject}: records that failed to decode, one row per zone and record name. */
final class RejectTable {

    private static final String UPSERT = """
            INSERT INTO cloud_record_reject (login_id, zone, record_name, reason, raw_json, created_ts)
            VALUES (:login, :zone, :recordName, :reason, :rawJson, :now)
            ON CONFLICT (login_id, zone, record_name) DO UPDATE SET
                reason = excluded.reason,
                raw_json = excluded.raw_json""";

    private static final String COUNT = "SELECT COUNT(*) FROM cloud_record_reject WHERE login_id = :login";

    private static final String NEWEST = """
            SELECT zone, record_name, reason, raw_json FROM cloud_record_reject
            WHERE login_id = :login
            ORDER BY created_ts DESC, zone, record_name
            LIMIT :limit""";

    private RejectTable() {}

    static void upsert(Handle h, String login, List<RecordReject> rejects, long now) {
        if (rejects.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(UPSERT);
        for (RecordReject r : rejects) {
            batch.bind("login", login)
                    .bind("zone", r.zone().zoneName())
                    .bind("recordName", r.recordName() == null ? "" : r.recordName())
                    .bind("reason", r.reason())
                    .bind("rawJson", r.rawJson())
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    static long count(Handle h, String login) {
        return h.createQuery(COUNT).bind("login", login).mapTo(Long.class).one();
    }

    static List<RecordReject> newest(Handle h, String login, int limit) {
        return h.createQuery(NEWEST)
                .bind("login", login)
                .bind("limit", limit)
                .map((rs, ctx) -> new RecordReject(
                        zone(rs.getString("zone")),
                        rs.getString("record_name"),
                        rs.getString("reason"),
                        rs.getString("raw_json")))
                .list();
    }

    private static Zone zone(String zoneName) {
        for (Zone zone : Zone.values()) {
            if (zone.zoneName().equals(zoneName)) {
                return zone;
            }
        }
        throw new IllegalStateException("cloud_record_reject row names an unknown zone: " + zoneName);
    }

    /** A reject must say where it came from and why: that is all an operator has to go on. */
    static void validate(List<RecordReject> rejects) {
        for (RecordReject r : rejects) {
            if (r == null || r.zone() == null || r.reason() == null) {
                throw new IllegalArgumentException("record reject needs a zone and a reason: " + r);
            }
        }
    }
}
