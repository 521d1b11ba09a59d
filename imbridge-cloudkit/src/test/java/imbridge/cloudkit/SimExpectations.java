package imbridge.cloudkit;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageExtras;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.Locale;

/** What the client must decode from a simulator record, computed by the wire contract's rules (not by the client's code). */
final class SimExpectations {
    private static final long APPLE_EPOCH_UNIX_MS = 978_307_200_000L;

    private SimExpectations() {}

    static CloudChat chat(ChatRecord c) {
        return new CloudChat(
                c.recordName(),
                c.cid() == null || c.cid().isEmpty() ? c.recordName() : c.cid(),
                c.gid(),
                (int) c.style(),
                c.service(),
                c.name(),
                c.participants(),
                c.filter() != 0);
    }

    static CloudMessage message(MessageRecord m) {
        MessageMeta meta = m.meta();
        MessageExtras extras = new MessageExtras(
                meta.assocType() == null ? null : Math.toIntExact(meta.assocType()),
                meta.assocGuid(),
                meta.assocEmoji(),
                meta.replyGuid() == null
                        ? null
                        : meta.replyGuid().substring(meta.replyGuid().lastIndexOf(':') + 1),
                meta.unsent(),
                meta.editedAtNs() == null ? 0 : unixMs(meta.editedAtNs()),
                meta.dateReadNs() == null ? 0 : unixMs(meta.dateReadNs()),
                Math.toIntExact(m.msgType()));
        return new CloudMessage(
                m.recordName(),
                m.guid(),
                m.chatId(),
                m.sender(),
                m.fromMe(),
                unixMs(m.timeNs()),
                m.text(),
                m.subject(),
                m.service(),
                m.flags(),
                m.attachmentGuids(),
                m.text() != null || !m.attachmentGuids().isEmpty(),
                extras);
    }

    static CloudAttachment attachment(AttachmentRecord a, String simBaseUrl) {
        return new CloudAttachment(
                a.recordName(),
                a.guid(),
                a.mime(),
                a.uti(),
                a.filename(),
                a.size(),
                a.sha256().toLowerCase(Locale.ROOT),
                simBaseUrl + "/assets/" + a.recordName());
    }

    /** {@code ts} = floor(time_ns / 1e6) + 978307200000. */
    static long unixMs(long appleNs) {
        return Math.floorDiv(appleNs, 1_000_000L) + APPLE_EPOCH_UNIX_MS;
    }
}
