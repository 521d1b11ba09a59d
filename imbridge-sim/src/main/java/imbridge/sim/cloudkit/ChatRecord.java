package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Objects;

/**
 * A {@code chatEncryptedv2} record of {@code chatManateeZone}.
 *
 * @param cid          chat identifier: {@code iMessage;-;<handle>} for DMs, {@code chat<digits>} for groups
 * @param gid          group UUID (upper-case), null for DMs
 * @param style        {@link #STYLE_DM} or {@link #STYLE_GROUP}
 * @param name         group display name, or null
 * @param participants raw participant URIs as they appear in {@code ptcpts[].FZPersonID}
 */
public record ChatRecord(
        String recordName,
        String cid,
        String gid,
        long style,
        String service,
        String name,
        List<String> participants,
        long filter,
        String guid)
        implements CkRecord {

    public static final String TYPE = "chatEncryptedv2";
    public static final long STYLE_GROUP = 43;
    public static final long STYLE_DM = 45;

    public ChatRecord {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(service, "service");
        participants = List.copyOf(participants);
    }

    @Override
    public String recordType() {
        return TYPE;
    }

    @Override
    public String zoneName() {
        return Zones.CHATS;
    }

    public boolean isGroup() {
        return style == STYLE_GROUP;
    }
}
