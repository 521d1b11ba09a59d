package imbridge.sim.hs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Registered users, their profiles, account data and access tokens. */
final class UserDirectory {
    private final Map<String, UserAccount> users = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** @return the new account, or {@code null} if the user already exists */
    UserAccount register(String userId) {
        UserAccount account = new UserAccount(userId);
        return users.putIfAbsent(userId, account) == null ? account : null;
    }

    UserAccount find(String userId) {
        return users.get(userId);
    }

    boolean exists(String userId) {
        return users.containsKey(userId);
    }

    String issueToken(String userId) {
        String token = Ids.accessToken("syt");
        tokens.put(token, userId);
        return token;
    }

    /** @return the user the token belongs to, or {@code null} */
    String userOfToken(String token) {
        return tokens.get(token);
    }

    /** A registered user's mutable profile and account data. */
    static final class UserAccount {
        private final String userId;
        private volatile String displayName;
        private volatile String avatarUrl;
        private final Map<String, ObjectNode> accountData = new ConcurrentHashMap<>();

        UserAccount(String userId) {
            this.userId = userId;
        }

        String userId() {
            return userId;
        }

        String displayName() {
            return displayName;
        }

        void displayName(String value) {
            displayName = value;
        }

        String avatarUrl() {
            return avatarUrl;
        }

        void avatarUrl(String value) {
            avatarUrl = value;
        }

        Map<String, ObjectNode> accountData() {
            return accountData;
        }
    }
}
