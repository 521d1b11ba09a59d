package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Account-level client endpoints: versions, whoami, registration, capabilities, profiles, account data, ping. */
final class ClientRoutes {
    static final List<String> SPEC_VERSIONS =
            List.of("v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11");
    private static final String V3 = "/_matrix/client/v3";
    private static final int MAX_DISPLAYNAME_LENGTH = 256;

    private final Authenticator auth;
    private final UserDirectory users;
    private final AppserviceScope scope;
    private final RoomService rooms;
    private final AppservicePinger pinger;
    private final Map<String, Object> unstableFeatures;
    private final String serverName;
    private final HsCompat compat;

    ClientRoutes(
            Authenticator auth,
            UserDirectory users,
            AppserviceScope scope,
            RoomService rooms,
            AppservicePinger pinger,
            Map<String, Object> unstableFeatures,
            String serverName,
            HsCompat compat) {
        this.auth = auth;
        this.users = users;
        this.scope = scope;
        this.rooms = rooms;
        this.pinger = pinger;
        this.unstableFeatures = unstableFeatures;
        this.serverName = serverName;
        this.compat = compat;
    }

    void register(Javalin app) {
        app.get("/_matrix/client/versions", this::versions);
        app.get(V3 + "/account/whoami", this::whoami);
        app.post(V3 + "/register", this::registerUser);
        app.get(V3 + "/capabilities", this::capabilities);
        app.get(V3 + "/profile/{userId}", this::profile);
        app.get(V3 + "/profile/{userId}/{field}", this::profileField);
        app.put(V3 + "/profile/{userId}/{field}", this::setProfileField);
        app.put(V3 + "/user/{userId}/account_data/{type}", ctx -> putAccountData(ctx, null));
        app.get(V3 + "/user/{userId}/account_data/{type}", ctx -> getAccountData(ctx, null));
        app.put(
                V3 + "/user/{userId}/rooms/{roomId}/account_data/{type}",
                ctx -> putAccountData(ctx, ctx.pathParam("roomId")));
        app.get(
                V3 + "/user/{userId}/rooms/{roomId}/account_data/{type}",
                ctx -> getAccountData(ctx, ctx.pathParam("roomId")));
        if (!compat.legacy()) { // the AS ping (MSC2659) came with Synapse 1.84
            app.post("/_matrix/client/v1/appservice/{appserviceId}/ping", this::ping);
        }
    }

    /** Auth is optional here, but a presented token is validated, as Synapse does. */
    private void versions(Context ctx) {
        auth.optional(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("versions", compat.specVersions(SPEC_VERSIONS));
        body.put("unstable_features", unstableFeatures);
        HttpSupport.json(ctx, body);
    }

    private void whoami(Context ctx) {
        Requester requester = auth.require(ctx);
        HttpSupport.json(ctx, Map.of("user_id", requester.userId(), "is_guest", false));
    }

    private void registerUser(Context ctx) {
        boolean appservice = auth.presentsAppserviceToken(ctx);
        if ("guest".equals(ctx.queryParam("kind"))) {
            throw MatrixException.forbidden("Guest access is disabled");
        }
        ObjectNode body = HttpSupport.jsonBody(ctx);
        String type = Json.optString(body, "type");
        if (!appservice) {
            if ("m.login.application_service".equals(type)) {
                throw MatrixException.missingToken("Missing access token.");
            }
            throw MatrixException.forbidden("Registration has been disabled");
        }
        if (!"m.login.application_service".equals(type)) {
            throw new MatrixException(
                    400, "M_UNKNOWN", "Application services must register with type m.login.application_service");
        }
        String localpart = Json.requireString(body, "username");
        if (!UserIds.isValidNewLocalpart(localpart)) {
            throw new MatrixException(
                    400,
                    "M_INVALID_USERNAME",
                    "User ID can only contain characters a-z, 0-9, or '=_-./+': " + localpart);
        }
        String userId = "@" + localpart + ":" + serverName;
        if (userId.length() > 255) {
            throw new MatrixException(400, "M_INVALID_USERNAME", "User ID may not be longer than 255 characters");
        }
        if (!scope.covers(userId)) {
            throw new MatrixException(400, "M_EXCLUSIVE", "Invalid user localpart for this application service.");
        }
        if (users.register(userId) == null) {
            throw new MatrixException(400, "M_USER_IN_USE", "User ID already taken.");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("user_id", userId);
        response.put("home_server", serverName);
        if (!Json.optBoolean(body, "inhibit_login")) {
            response.put("access_token", users.issueToken(userId));
            response.put("device_id", Ids.deviceId());
        }
        HttpSupport.json(ctx, response);
    }

    private void capabilities(Context ctx) {
        auth.require(ctx);
        Map<String, String> available = new LinkedHashMap<>();
        RoomCreationRequest.SUPPORTED_ROOM_VERSIONS.stream()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                .forEach(v -> available.put(v, "stable"));
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put(
                "m.room_versions", Map.of("default", RoomCreationRequest.DEFAULT_ROOM_VERSION, "available", available));
        capabilities.put("m.change_password", Map.of("enabled", false));
        capabilities.put("m.set_displayname", Map.of("enabled", true));
        capabilities.put("m.set_avatar_url", Map.of("enabled", true));
        capabilities.put("m.3pid_changes", Map.of("enabled", false));
        HttpSupport.json(ctx, Map.of("capabilities", capabilities));
    }

    private void profile(Context ctx) {
        auth.require(ctx);
        UserDirectory.UserAccount account = account(ctx.pathParam("userId"));
        ObjectNode body = Json.object();
        if (account.displayName() != null) {
            body.put("displayname", account.displayName());
        }
        if (account.avatarUrl() != null) {
            body.put("avatar_url", account.avatarUrl());
        }
        HttpSupport.json(ctx, body);
    }

    private void profileField(Context ctx) {
        auth.require(ctx);
        String field = profileFieldName(ctx);
        UserDirectory.UserAccount account = account(ctx.pathParam("userId"));
        String value = field.equals("displayname") ? account.displayName() : account.avatarUrl();
        if (value == null) {
            throw MatrixException.notFound("The requested profile key does not exist.");
        }
        HttpSupport.json(ctx, Map.of(field, value));
    }

    private void setProfileField(Context ctx) {
        Requester requester = auth.require(ctx);
        String field = profileFieldName(ctx);
        String userId = ctx.pathParam("userId");
        if (!requester.userId().equals(userId)) {
            throw MatrixException.forbidden("Cannot set another user's " + field);
        }
        ObjectNode body = HttpSupport.jsonBody(ctx);
        String value = Json.optString(body, field);
        if (value != null && value.length() > MAX_DISPLAYNAME_LENGTH) {
            throw MatrixException.badJson(field + " is too long (max " + MAX_DISPLAYNAME_LENGTH + ")");
        }
        if (field.equals("avatar_url") && value != null && !value.isEmpty() && !value.startsWith("mxc://")) {
            throw MatrixException.badJson("avatar_url must be an mxc:// URI");
        }
        UserDirectory.UserAccount account = account(userId);
        if (field.equals("displayname")) {
            account.displayName(value == null || value.isEmpty() ? null : value);
        } else {
            account.avatarUrl(value == null || value.isEmpty() ? null : value);
        }
        rooms.propagateProfile(userId);
        HttpSupport.emptyObject(ctx);
    }

    private void putAccountData(Context ctx, String roomId) {
        Requester requester = auth.require(ctx);
        requireSelf(requester, ctx.pathParam("userId"), "Cannot add account data for other users.");
        ObjectNode body = HttpSupport.jsonBody(ctx);
        account(requester.userId()).accountData().put(accountDataKey(roomId, ctx.pathParam("type")), body);
        HttpSupport.emptyObject(ctx);
    }

    private void getAccountData(Context ctx, String roomId) {
        Requester requester = auth.require(ctx);
        requireSelf(requester, ctx.pathParam("userId"), "Cannot get account data for other users.");
        JsonNode data = account(requester.userId()).accountData().get(accountDataKey(roomId, ctx.pathParam("type")));
        if (data == null) {
            throw MatrixException.notFound("Account data not found");
        }
        HttpSupport.json(ctx, data);
    }

    private void ping(Context ctx) {
        Requester requester = auth.require(ctx);
        if (!requester.appservice()) {
            throw MatrixException.forbidden("Only application services can use the /ping endpoint");
        }
        if (!scope.registration().id().equals(ctx.pathParam("appserviceId"))) {
            throw MatrixException.forbidden("Mismatching application service ID in path");
        }
        ObjectNode body = HttpSupport.jsonBody(ctx);
        HttpSupport.json(ctx, pinger.ping(Json.optString(body, "transaction_id")));
    }

    private UserDirectory.UserAccount account(String userId) {
        UserDirectory.UserAccount account = users.find(userId);
        if (account == null) {
            throw MatrixException.notFound("Profile was not found.");
        }
        return account;
    }

    private static String profileFieldName(Context ctx) {
        String field = ctx.pathParam("field");
        if (!field.equals("displayname") && !field.equals("avatar_url")) {
            throw MatrixException.unrecognized("Unrecognized profile field: " + field);
        }
        return field;
    }

    private static void requireSelf(Requester requester, String userId, String message) {
        if (!requester.userId().equals(userId)) {
            throw MatrixException.forbidden(message);
        }
    }

    private static String accountDataKey(String roomId, String type) {
        return (roomId == null ? "" : roomId) + "\u0000" + type;
    }
}
