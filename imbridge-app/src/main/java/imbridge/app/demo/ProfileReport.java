package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.verify.ClientServerHttp;
import imbridge.app.verify.ClientServerProfiles;
import imbridge.app.verify.DoubleMediaFetcher;
import imbridge.app.verify.GhostResolver;
import imbridge.app.verify.ProfileVerification;
import imbridge.app.verify.RoomListing;
import imbridge.app.verify.TruthSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ghost names and avatars and DM room names in the demo's report (local sources, whose truth lists them): read as
 * the bridge bot through {@code GET /_matrix/client/v3/profile/{userId}}, avatars' bytes through the double.
 * {@code profileMismatches} above zero fails the demo.
 */
final class ProfileReport {
    private final ProfileVerification.Result result;

    private ProfileReport(ProfileVerification.Result result) {
        this.result = result;
    }

    /** Null when the truth lists no ghost profiles (the CloudKit path). */
    static ProfileReport check(DemoEnvironment env, TruthSummary truth, List<RoomListing> rooms, HttpClient http) {
        if (truth.ghosts().isEmpty()) {
            return null;
        }
        var as = env.config().appservice();
        ClientServerHttp bot = new ClientServerHttp(
                http, env.homeserverUrl(), as.asToken(), "@" + as.botUsername() + ":" + DemoEnvironment.SERVER_NAME);
        return new ProfileReport(ProfileVerification.checkListed(
                truth,
                rooms,
                new ClientServerProfiles(bot),
                new DoubleMediaFetcher(env.homeserverUrl(), http),
                GhostResolver.imessage(DemoEnvironment.SERVER_NAME)
                        .withNames(env.config().bridge().ownerView())));
    }

    boolean ok() {
        return result.ok();
    }

    void print(PrintStream out) {
        out.printf(
                "profiles: %s: %d ghosts (%d with a contact photo), %d DM room names; profileMismatches=%d%n",
                ok() ? "PASS" : "FAIL",
                result.ghostsChecked(),
                result.avatarsChecked(),
                result.dmNamesChecked(),
                result.profileMismatches());
        result.samples().forEach(s -> out.println("  " + s));
    }

    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        Map<String, Object> profiles = new LinkedHashMap<>();
        profiles.put("ghostsChecked", result.ghostsChecked());
        profiles.put("avatarsChecked", result.avatarsChecked());
        profiles.put("dmNamesChecked", result.dmNamesChecked());
        profiles.put("profileMismatches", result.profileMismatches());
        profiles.put("samples", result.samples());
        root.set("profiles", json.valueToTree(profiles));
        json.writeValue(reportJson.toFile(), root);
    }
}
