package imbridge.sim.cloudkit;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Admission of CloudKit requests: counts them, checks the optional API token and the database path. */
final class RequestGuard {

    static final String CONTAINER = "com.apple.messages.cloud";
    static final String ENVIRONMENT = "production";
    static final String DATABASE = "private";
    static final String API_VERSION = "1";

    private final byte[] apiToken;
    private final SimStats stats;

    RequestGuard(String apiToken, SimStats stats) {
        this.apiToken = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
        this.stats = stats;
    }

    /** Every CloudKit request (database and assets) passes here first. */
    void admit(Context ctx) {
        stats.request();
        if (apiToken == null) {
            return;
        }
        String given = ctx.queryParam("ckAPIToken");
        if (given == null || !MessageDigest.isEqual(apiToken, given.getBytes(StandardCharsets.UTF_8))) {
            throw new CloudKitException(
                    ServerErrorCode.AUTHENTICATION_FAILED, given == null ? "missing ckAPIToken" : "invalid ckAPIToken");
        }
    }

    /** Only the Messages-in-iCloud container's production private database exists here. */
    static void checkDatabasePath(Context ctx) {
        if (!API_VERSION.equals(ctx.pathParam("version"))) {
            throw new CloudKitException(
                    ServerErrorCode.NOT_FOUND, "unsupported API version " + ctx.pathParam("version"));
        }
        String container = ctx.pathParam("container");
        String environment = ctx.pathParam("environment");
        String database = ctx.pathParam("database");
        if (!CONTAINER.equals(container) || !ENVIRONMENT.equals(environment) || !DATABASE.equals(database)) {
            throw new CloudKitException(
                    ServerErrorCode.ZONE_NOT_FOUND, "no database " + container + "/" + environment + "/" + database);
        }
    }
}
