package imbridge.core.portal;

import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Portal-ID resolution for chats and messages (behaviour.md §3.10). */
public final class PortalIdResolver {
    private static final Pattern UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final Set<String> ownHandles;

    public PortalIdResolver(List<String> ownHandles) {
        this.ownHandles = ownHandles.stream()
                .map(Handles::normalize)
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Portal of a chat record, or "" when it has no usable participants. */
    public String resolveChat(CloudChat chat) {
        List<String> participants = new ArrayList<>();
        for (String p : chat.participants()) {
            String n = Handles.normalize(p);
            if (!n.isEmpty()) {
                participants.add(n);
            }
        }
        if (chat.isGroup() && chat.groupId() != null && !chat.groupId().isBlank()) {
            return groupPortal(chat.groupId());
        }
        if (participants.isEmpty()) {
            return "";
        }
        List<String> remote = participants.stream()
                .filter(p -> !ownHandles.contains(p))
                .distinct()
                .toList();
        if (remote.size() == 1) {
            return remote.get(0);
        }
        if (remote.isEmpty()) {
            return participants.get(0); // self-chat
        }
        return remote.stream().sorted().collect(Collectors.joining(","));
    }

    /**
     * Portal of a message: group UUID chat IDs map to {@code gid:}, known chats by lookup, otherwise
     * the DM is resolved from the sender (or, for my own messages, from the chat identifier).
     */
    public String resolveMessage(CloudMessage message, Function<String, Optional<String>> chatLookup) {
        String chatId = message.chatId() == null ? "" : message.chatId().trim();
        if (UUID.matcher(chatId).matches()) {
            return groupPortal(chatId);
        }
        if (!chatId.isEmpty()) {
            Optional<String> known = chatLookup.apply(chatId);
            if (known.isPresent() && !known.get().isEmpty()) {
                return known.get();
            }
        }
        if (!message.fromMe() && message.sender() != null && !message.sender().isBlank()) {
            return Handles.normalize(message.sender());
        }
        String[] parts = chatId.split(";", -1);
        if (message.fromMe() && parts.length == 3) {
            return Handles.normalize(parts[2]);
        }
        return "";
    }

    public boolean isOwnHandle(String normalizedHandle) {
        return ownHandles.contains(normalizedHandle);
    }

    private static String groupPortal(String groupId) {
        return "gid:" + groupId.trim().toLowerCase(Locale.ROOT);
    }
}
