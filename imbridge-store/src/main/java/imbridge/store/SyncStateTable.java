package imbridge.store;

import imbridge.core.model.Zone;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** SQL of {@code cloud_sync_state}: one continuation token per login and zone. */
final class SyncStateTable {

    private static final String SELECT_TOKEN = """
            SELECT continuation_token FROM cloud_sync_state
            WHERE login_id = :login AND zone = :zone""";

    private static final String UPSERT_TOKEN = """
            INSERT INTO cloud_sync_state (login_id, zone, continuation_token, last_success_ts, last_error, updated_ts)
            VALUES (:login, :zone, :token, :now, NULL, :now)
            ON CONFLICT (login_id, zone) DO UPDATE SET
                continuation_token = excluded.continuation_token,
                last_success_ts = excluded.last_success_ts,
                last_error = NULL,
                updated_ts = excluded.updated_ts""";

    private SyncStateTable() {
    }

    static Optional<String> token(Handle h, String login, Zone zone) {
        return h.createQuery(SELECT_TOKEN)
                .bind("login", login)
                .bind("zone", zone.zoneName())
                .mapTo(String.class)
                .findFirst();
    }

    /** A null token means "the server gave none": the stored watermark is kept. */
    static void saveToken(Handle h, String login, Zone zone, String token, long now) {
        if (token == null) {
            return;
        }
        h.createUpdate(UPSERT_TOKEN)
                .bind("login", login)
                .bind("zone", zone.zoneName())
                .bind("token", token)
                .bind("now", now)
                .execute();
    }
}
