package imbridge.sim.hs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Which users belong to the appservice: its sender plus everyone matching a user namespace. */
final class AppserviceScope {
    private final Registration registration;
    private final String senderUserId;
    private final List<Pattern> patterns;
    private final List<Pattern> sharedPatterns;
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    AppserviceScope(Registration registration, String serverName) {
        this.registration = registration;
        this.senderUserId = registration.senderUserId(serverName);
        this.patterns =
                registration.userRegexes().stream().map(Pattern::compile).toList();
        this.sharedPatterns =
                registration.sharedUserRegexes().stream().map(Pattern::compile).toList();
    }

    Registration registration() {
        return registration;
    }

    String senderUserId() {
        return senderUserId;
    }

    /** Python {@code re.match} semantics (anchored at the start only), as Synapse evaluates namespaces. */
    boolean covers(String userId) {
        if (userId == null) {
            return false;
        }
        if (userId.equals(senderUserId)) {
            return true;
        }
        return verdicts.computeIfAbsent(
                userId, id -> patterns.stream().anyMatch(p -> p.matcher(id).lookingAt()));
    }

    /** Whether a non-exclusive namespace covers the user: how a registration may reach a real user (double puppet). */
    boolean coversShared(String userId) {
        return userId != null
                && sharedPatterns.stream().anyMatch(p -> p.matcher(userId).lookingAt());
    }
}
