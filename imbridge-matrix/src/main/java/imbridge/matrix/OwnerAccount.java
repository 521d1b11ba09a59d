package imbridge.matrix;

import imbridge.core.portal.Handles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who sends what the owner wrote. With double puppeting the owner's real account does, through the appservice's
 * {@code user_id} masquerading (the spec allows it for any user in the registration's namespaces; the owner is in a
 * non-exclusive one); otherwise the ghost of the owner's handle does, as before. Events sent as the owner carry
 * {@value #SOURCE_KEY} (the key mautrix bridges use), so their echo is not taken for the owner writing from Matrix.
 */
final class OwnerAccount {
    static final String SOURCE_KEY = "fi.mau.double_puppet_source";

    private final String userId;
    private final String source;
    private final Set<String> ownHandles;
    private volatile boolean puppeting;

    OwnerAccount(MatrixConfig cfg, OwnerView view) {
        this.userId = cfg.ownerUserId();
        this.source = cfg.appserviceId();
        this.ownHandles = Stream.concat(view.ownHandles().stream(), Stream.ofNullable(cfg.ownerHandle()))
                .map(Handles::normalize)
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.puppeting = view.doublePuppet();
    }

    String userId() {
        return userId;
    }

    Set<String> ownHandles() {
        return ownHandles;
    }

    boolean puppeting() {
        return puppeting;
    }

    /** The homeserver would not let us act as the owner: the ghost of their handle sends from now on. */
    void stopPuppeting() {
        puppeting = false;
    }

    /** Whether what {@code handle} sends goes out as the owner's own account. */
    boolean speaksFor(String handle) {
        return puppeting && isOwnHandle(handle);
    }

    boolean isOwnHandle(String handle) {
        return handle != null && ownHandles.contains(Handles.normalize(handle));
    }

    /** The content as sent by {@code sender}: marked as the bridge's when the sender is the owner. */
    Map<String, Object> contentFrom(String sender, Map<String, Object> content) {
        if (!userId.equals(sender)) {
            return content;
        }
        Map<String, Object> marked = new LinkedHashMap<>(content);
        marked.put(SOURCE_KEY, source);
        return marked;
    }
}
