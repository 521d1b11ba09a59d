package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.List;

/**
 * What profile {@code full} adds to the basic records, collected by its planners and laid out in change order by
 * {@link FullProfile}: initial records, initial tombstones and late changes per zone.
 */
final class ProfileRecords {

    final List<CkRecord> chats = new ArrayList<>();
    final List<CkRecord> attachments = new ArrayList<>();
    final List<CkRecord> messages = new ArrayList<>();
    final List<String> chatTombstones = new ArrayList<>();
    final List<String> messageTombstones = new ArrayList<>();

    final List<CkRecord> lateChats = new ArrayList<>();
    final List<CkRecord> lateAttachments = new ArrayList<>();
    final List<CkRecord> lateMessages = new ArrayList<>();
    final List<String> lateChatTombstones = new ArrayList<>();
    final List<String> lateMessageTombstones = new ArrayList<>();

    final List<Conversation> conversations = new ArrayList<>();

    /** The conversation that arrives entirely late; planned with the other special ones, filled by the late planner. */
    PlannedConversation lateConversation;
}
