package imbridge.core.live;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.ChatRow;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageRow;
import imbridge.core.model.Portal;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalIdResolver;
import java.util.Optional;

/**
 * The checks a live message passes before it is admitted (behaviour.md §7.3 with the §11.3 corrections), in order:
 * recent unsend; stored and already bridged; unknown portal; filtered chat; deleted portal (a known UUID
 * is a mid-deletion echo, a message older than start-up a stale echo, anything else a genuinely new
 * conversation that comes back in a fresh room; after that, messages older than the deletion are still stale
 * echoes). A known UUID in a portal that is not deleted passes
 * (behaviour.md W13): the message map deduplicates it. Every GUID lookup is case-insensitive through the stores'
 * normalised, indexed GUID columns.
 */
public final class LiveMessageChecks {
    private final RecentUnsends unsends;
    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final PortalIdResolver resolver;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final long startupMs;

    public LiveMessageChecks(
            RecentUnsends unsends,
            CloudStore cloud,
            BridgeStore bridge,
            PortalIdResolver resolver,
            RecentlyDeletedPortals recentlyDeleted,
            long startupMs) {
        this.unsends = unsends;
        this.cloud = cloud;
        this.bridge = bridge;
        this.resolver = resolver;
        this.recentlyDeleted = recentlyDeleted;
        this.startupMs = startupMs;
    }

    public LiveDecision check(LiveEvent event) {
        String guid = event.guid();
        if (guid == null || guid.isBlank()) {
            return new LiveDecision.Drop(LiveDropReason.UNKNOWN_TARGET, "", "message without a GUID");
        }
        if (unsends.contains(guid)) {
            return new LiveDecision.Drop(LiveDropReason.RECENT_UNSEND, "", "unsent less than 5 min ago");
        }
        if (event.stored() && bridge.isBridged(guid)) {
            return new LiveDecision.Drop(LiveDropReason.STORED_ALREADY_BRIDGED, "", "reconnect re-delivery");
        }
        Optional<MessageRow> known = cloud.messageByGuid(guid);
        String portalId = known.map(MessageRow::portalId)
                .filter(p -> p != null && !p.isBlank())
                .orElseGet(() -> resolver.resolveMessage(event.asCloudMessage(), cloud::chatPortalId));
        if (portalId.isEmpty()) {
            return new LiveDecision.Drop(LiveDropReason.UNKNOWN_PORTAL, "", "chat " + event.chatId());
        }
        Optional<ChatRow> chat = cloud.chatForPortal(portalId);
        if (chat.isPresent() && chat.get().filtered()) {
            return new LiveDecision.Drop(LiveDropReason.FILTERED_CHAT, portalId, "junk conversation");
        }
        if (recentlyDeleted.contains(portalId)) {
            boolean roomExists = bridge.portal(portalId).map(Portal::roomId).isPresent();
            if (known.isPresent() || bridge.isBridged(guid)) {
                return new LiveDecision.Drop(
                        LiveDropReason.KNOWN_UUID_DELETED_PORTAL,
                        portalId,
                        "echo of a message of a deleted conversation");
            }
            if (roomExists) {
                return new LiveDecision.Admit(portalId, false); // mid-deletion: to the existing room, never a new one
            }
            // Older than start-up (behaviour.md §7.3 6a) AND older than the deletion: an event received before a
            // restart
            // and handled after it is judged by when the conversation was deleted, not by the new start-up.
            long staleBefore =
                    Math.min(startupMs, recentlyDeleted.deletedAt(portalId).orElse(startupMs));
            if (event.timestampMs() < staleBefore) {
                return new LiveDecision.Drop(
                        LiveDropReason.STALE_ECHO_DELETED_PORTAL, portalId, "sent before the conversation was deleted");
            }
            return new LiveDecision.Admit(portalId, true);
        }
        java.util.OptionalLong staleBefore = bridge.staleBefore(portalId);
        if (staleBefore.isPresent() && event.timestampMs() < staleBefore.getAsLong()) {
            return new LiveDecision.Drop(
                    LiveDropReason.STALE_ECHO_DELETED_PORTAL,
                    portalId,
                    "older than the deletion of a conversation that came back");
        }
        return new LiveDecision.Admit(portalId, false);
    }

    /** The portal of the message a receipt, edit or unsend is about, if the cache knows it. */
    public Optional<String> portalOfTarget(LiveEvent event) {
        if (event.targetGuid() == null || event.targetGuid().isBlank()) {
            return Optional.empty();
        }
        return cloud.messageByGuid(event.targetGuid()).map(MessageRow::portalId).filter(p -> !p.isBlank());
    }
}
