package imbridge.store;

import imbridge.core.model.Zone;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL of {@code cloud_sync_state}: one continuation token per login and zone, plus the version markers
 * kept as pseudo-zones whose token column holds the decimal version (behaviour.md §2.1).
 */
final class SyncStateTable {

    static final String VERSION = "_version";
    static final String CHAT_VERSION = "_chat_version";

    private static final String SELECT_TOKEN = """
            SELECT continuation_token FROM cloud_sync_state
            WHERE login_id = :login AND zone = :zone AND continuation_token IS NOT NULL""";

    private static final String UPSERT_TOKEN = """
            INSERT INTO cloud_sync_state (login_id, zone, continuation_token, last_success_ts, last_error, updated_ts)
            VALUES (:login, :zone, :token, :now, NULL, :now)
            ON CONFLICT (login_id, zone) DO UPDATE SET
                continuation_token = excluded.continuation_token,
                last_success_ts = excluded.last_success_ts,
                last_error = NULL,
                updated_ts = excluded.updated_ts""";

    /** A failure never touches the token: the next pass resumes from the last good page. */
    private static final String UPSERT_ERROR = """
            INSERT INTO cloud_sync_state (login_id, zone, continuation_token, last_success_ts, last_error, updated_ts)
            VALUES (:login, :zone, NULL, NULL, :error, :now)
            ON CONFLICT (login_id, zone) DO UPDATE SET
                last_error = excluded.last_error,
                updated_ts = excluded.updated_ts""";

    private static final String DELETE_ZONE = "DELETE FROM cloud_sync_state WHERE login_id = :login AND zone = :zone";

    private static final String DELETE_ALL_BUT = """
            DELETE FROM cloud_sync_state WHERE login_id = :login AND zone <> :kept""";

    private static final String ANY = "SELECT COUNT(*) FROM cloud_sync_state WHERE login_id = :login";

    private SyncStateTable() {}

    private static final String SELECT_TOKEN_TIME = """
            SELECT last_success_ts FROM cloud_sync_state
            WHERE login_id = :login AND zone = :zone AND continuation_token IS NOT NULL AND last_success_ts IS NOT NULL""";

    static java.util.OptionalLong tokenSavedMs(Handle h, String login, Zone zone) {
        return h.createQuery(SELECT_TOKEN_TIME)
                .bind("login", login)
                .bind("zone", zone.zoneName())
                .mapTo(Long.class)
                .findOne()
                .map(java.util.OptionalLong::of)
                .orElse(java.util.OptionalLong.empty());
    }

    static Optional<String> token(Handle h, String login, Zone zone) {
        return token(h, login, zone.zoneName());
    }

    /** A null token means "the server gave none": the stored watermark is kept. */
    static void saveToken(Handle h, String login, Zone zone, String token, long now) {
        if (token == null) {
            return;
        }
        saveToken(h, login, zone.zoneName(), token, now);
    }

    static void saveError(Handle h, String login, Zone zone, String error, long now) {
        h.createUpdate(UPSERT_ERROR)
                .bind("login", login)
                .bind("zone", zone.zoneName())
                .bind("error", error)
                .bind("now", now)
                .execute();
    }

    static void delete(Handle h, String login, Zone zone) {
        h.createUpdate(DELETE_ZONE)
                .bind("login", login)
                .bind("zone", zone.zoneName())
                .execute();
    }

    /**
     * Every token and the chat version go; the {@code _version} marker survives (behaviour.md §2.1 clearSyncTokens).
     */
    static void deleteAllButVersion(Handle h, String login) {
        h.createUpdate(DELETE_ALL_BUT)
                .bind("login", login)
                .bind("kept", VERSION)
                .execute();
    }

    static boolean any(Handle h, String login) {
        return h.createQuery(ANY).bind("login", login).mapTo(Long.class).one() > 0;
    }

    static int versionMarker(Handle h, String login, String name) {
        Optional<String> stored = token(h, login, name);
        if (stored.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(stored.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "version marker " + name + " of " + login + " is not a number: '" + stored.get() + "'", e);
        }
    }

    static void setVersionMarker(Handle h, String login, String name, int value, long now) {
        saveToken(h, login, name, Integer.toString(value), now);
    }

    /** Marker names are pseudo-zones; they start with '_' so they can never shadow a CloudKit zone's token. */
    static void validateMarker(String name) {
        if (name == null || name.length() < 2 || name.charAt(0) != '_') {
            throw new IllegalArgumentException(
                    "version marker names start with '_' (e.g. " + VERSION + ", " + CHAT_VERSION + "), got: " + name);
        }
    }

    private static Optional<String> token(Handle h, String login, String zone) {
        return h.createQuery(SELECT_TOKEN)
                .bind("login", login)
                .bind("zone", zone)
                .mapTo(String.class)
                .findFirst();
    }

    private static void saveToken(Handle h, String login, String zone, String token, long now) {
        h.createUpdate(UPSERT_TOKEN)
                .bind("login", login)
                .bind("zone", zone)
                .bind("token", token)
                .bind("now", now)
                .execute();
    }
}
