package imbridge.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Profiles through the standard Client-Server API: {@code GET /_matrix/client/v3/profile/{userId}}. */
public final class ClientServerProfiles implements ProfileReader {
    private final ClientServerHttp http;

    public ClientServerProfiles(ClientServerHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Optional<Profile> profile(String userId) throws IOException {
        JsonNode body;
        try {
            body = http.json("/_matrix/client/v3/profile/" + HttpGet.segment(userId), Map.of());
        } catch (ClientServerHttp.MatrixHttpException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new Profile(text(body, "displayname"), text(body, "avatar_url")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }
}
