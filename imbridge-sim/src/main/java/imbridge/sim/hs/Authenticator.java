package imbridge.sim.hs;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/** Resolves a request's access token (and, for the appservice, {@code user_id}) into a {@link Requester}. */
final class Authenticator {
    private final AppserviceScope scope;
    private final UserDirectory users;
    private final byte[] asToken;
    /** Users that exist on their own (not registered by the appservice): only a non-exclusive namespace reaches them. */
    private final Set<String> realUsers;

    Authenticator(AppserviceScope scope, UserDirectory users, Set<String> realUsers) {
        this.scope = scope;
        this.users = users;
        this.realUsers = Set.copyOf(realUsers);
        this.asToken = scope.registration().asToken().getBytes(StandardCharsets.UTF_8);
    }

    Requester require(Context ctx) {
        String token = token(ctx);
        if (token == null) {
            throw MatrixException.missingToken("Missing access token.");
        }
        return resolve(ctx, token);
    }

    /** For endpoints where auth is optional but, like Synapse, a presented token must still be valid. */
    Requester optional(Context ctx) {
        String token = token(ctx);
        return token == null ? null : resolve(ctx, token);
    }

    /** For {@code /register}: whether the appservice token is presented; an unknown token is still rejected. */
    boolean presentsAppserviceToken(Context ctx) {
        String token = token(ctx);
        if (token == null) {
            return false;
        }
        if (MessageDigest.isEqual(asToken, token.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        if (users.userOfToken(token) == null) {
            throw MatrixException.unknownToken("Unrecognised access token.");
        }
        return false;
    }

    private Requester resolve(Context ctx, String token) {
        if (MessageDigest.isEqual(asToken, token.getBytes(StandardCharsets.UTF_8))) {
            return appserviceRequester(ctx.queryParam("user_id"));
        }
        String userId = users.userOfToken(token);
        if (userId == null) {
            throw MatrixException.unknownToken("Unrecognised access token.");
        }
        // A normal user's user_id and ts parameters are ignored, as on Synapse.
        return new Requester(userId, false);
    }

    private Requester appserviceRequester(String userIdParam) {
        if (userIdParam == null || userIdParam.isEmpty() || userIdParam.equals(scope.senderUserId())) {
            return new Requester(scope.senderUserId(), true);
        }
        if (!UserIds.isValid(userIdParam)) {
            throw MatrixException.invalidParam("user_id is not a valid user ID: " + userIdParam);
        }
        if (!scope.covers(userIdParam)) {
            throw MatrixException.forbidden(
                    "Application service cannot masquerade as this user (" + userIdParam + ").");
        }
        if (realUsers.contains(userIdParam) && !scope.coversShared(userIdParam)) {
            // Double puppeting: the owner's real account is reached only through a namespace marked exclusive: false.
            throw MatrixException.forbidden("Application service cannot masquerade as " + userIdParam
                    + ": a real user is only covered by a non-exclusive namespace");
        }
        if (!users.exists(userIdParam)) {
            throw MatrixException.forbidden("Application service has not registered this user (" + userIdParam + ")");
        }
        return new Requester(userIdParam, true);
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        String query = ctx.queryParam("access_token");
        String fromHeader = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            fromHeader = header.substring(7).trim();
        }
        if (fromHeader != null && query != null) {
            throw MatrixException.missingToken("Mixing Authorization headers and access_token query parameters.");
        }
        String token = fromHeader != null ? fromHeader : query;
        return token == null || token.isEmpty() ? null : token;
    }
}
