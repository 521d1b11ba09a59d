package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * How a bridge reaches the demo's world (the simulator and the homeserver double) when the world runs in a
 * process of its own: the world prints this as one JSON line once it serves, the bridge process reads it.
 */
public record WorldHandshake(
        String simulatorUrl,
        String simulatorDatabaseUrl,
        String homeserverUrl,
        int asPort,
        String asToken,
        String hsToken,
        String ownerAccessToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static WorldHandshake parse(String json) throws IOException {
        return JSON.readValue(json, WorldHandshake.class);
    }
}
