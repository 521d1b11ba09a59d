package imbridge.sim.cloudkit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Turns what the owner sent from Matrix into the live message Apple would make of it: the conversation found by its
 * portal ID (history's conversations and the brand-new DMs of the live phase), a seeded GUID, and for a file an
 * attachment record whose bytes the asset API serves. Not thread-safe: used under the {@link LiveFeed}'s monitor.
 */
final class OwnerSends {
    private final Dataset dataset;
    private final LiveAssets assets;
    private final SplitMix64 rnd;
    /** Brand-new DMs of the live phase: portal ID -> chat ID. */
    private final Map<String, String> liveChats = new LinkedHashMap<>();

    OwnerSends(Dataset dataset, LiveAssets assets, SplitMix64 rnd) {
        this.dataset = dataset;
        this.assets = assets;
        this.rnd = rnd;
    }

    /** A live message opened a new DM: the owner can send to it from now on. */
    void newChat(String portalId, String chatId) {
        liveChats.put(portalId, chatId);
    }

    /**
     * The owner's message to {@code to} ({@code tel:…}, {@code mailto:…} or {@code gid:<uuid>}) at live time
     * {@code ts}; a file's bytes are registered with the asset API.
     *
     * @throws NoSuchElementException when no conversation has that portal ID
     */
    LiveMessage compose(String to, LiveFeed.Outgoing message, long ts) {
        String portalId = normalizeTarget(to);
        String chatId = knownChats().get(portalId);
        if (chatId == null) {
            throw new NoSuchElementException("no conversation " + to);
        }
        String guid = rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
        List<AttachmentRecord> attachments = List.of();
        if (message.data() != null) {
            String recordName = rnd.nextHex128();
            AttachmentRecord record = new AttachmentRecord(
                    recordName,
                    "at_0_" + rnd.nextUuid().toString().toUpperCase(Locale.ROOT),
                    message.mimeType(),
                    utiOf(message.mimeType()),
                    message.filename(),
                    message.data().length,
                    AssetBytes.sha256Hex(message.data()));
            assets.addUploaded(record, message.data());
            attachments = List.of(record);
        }
        return new LiveMessage(
                LiveMessage.Origin.SENT,
                guid,
                rnd.nextHex128(),
                portalId,
                chatId,
                Dataset.OWNER_HANDLES.getFirst(),
                true,
                ts,
                message.text(),
                null,
                attachments,
                null,
                null,
                null,
                null);
    }

    private static String normalizeTarget(String to) {
        if (to.regionMatches(true, 0, "gid:", 0, 4)) {
            return "gid:" + to.substring(4).toLowerCase(Locale.ROOT);
        }
        return HandleNormalizer.normalize(to);
    }

    /** Portal ID to the chat ID messages of that conversation carry. */
    private Map<String, String> knownChats() {
        Map<String, String> chats = new HashMap<>();
        for (ChatRecord chat : dataset.chats()) {
            if (chat.isGroup() && chat.gid() != null) {
                chats.put("gid:" + chat.gid().toLowerCase(Locale.ROOT), chat.gid());
            } else if (!chat.isGroup() && chat.participants().size() == 1) {
                chats.put(HandleNormalizer.normalize(chat.participants().getFirst()), chat.cid());
            }
        }
        for (Conversation conversation : dataset.conversations()) {
            chats.put(conversation.portalId(), conversation.chatId());
        }
        chats.putAll(liveChats);
        return chats;
    }

    private static String utiOf(String mime) {
        return switch (mime == null ? "" : mime.toLowerCase(Locale.ROOT)) {
            case "image/jpeg" -> "public.jpeg";
            case "image/png" -> "public.png";
            case "image/gif" -> "com.compuserve.gif";
            case "video/mp4" -> "public.mpeg-4";
            case "application/pdf" -> "com.adobe.pdf";
            case "text/plain" -> "public.plain-text";
            default -> "public.data";
        };
    }
}
