package imbridge.matrix;

import java.util.List;
import java.util.Objects;

/**
 * What the owner sees in their client: whether their own messages, joins and read receipts come from their real
 * account (double puppeting) or from the ghost of their own handle, and how ghosts and DM rooms are named.
 *
 * @param doublePuppet        send the owner's messages as the owner's account ({@code user_id} masquerading; the
 *                            registration needs a non-exclusive namespace covering the owner)
 * @param ownHandles          the iMessage account's own handles: what the owner sends under any of them is theirs
 * @param displaynameTemplate a ghost's display name; {@code {name}} is the contact's name when known, else the
 *                            handle as people write it ({@code +1 555-123-4567}, {@code alice@example.com});
 *                            {@code {handle}} is the raw handle
 * @param dmRoomNameTemplate  a DM room's name, with the same placeholders for its counterpart
 */
public record OwnerView(
        boolean doublePuppet, List<String> ownHandles, String displaynameTemplate, String dmRoomNameTemplate) {
    public static final String DEFAULT_DISPLAYNAME_TEMPLATE = "{name}";
    public static final String DEFAULT_DM_ROOM_NAME_TEMPLATE = "{name}";

    public OwnerView {
        ownHandles = List.copyOf(Objects.requireNonNullElse(ownHandles, List.of()));
        displaynameTemplate = NameTemplate.check(displaynameTemplate, DEFAULT_DISPLAYNAME_TEMPLATE);
        dmRoomNameTemplate = NameTemplate.check(dmRoomNameTemplate, DEFAULT_DM_ROOM_NAME_TEMPLATE);
    }

    /** No double puppet, default names: what a bridge configured with none of these keys shows. */
    public static OwnerView defaults(List<String> ownHandles) {
        return new OwnerView(false, ownHandles, null, null);
    }

    /** @throws IllegalArgumentException for a template with neither {@code {name}} nor {@code {handle}} */
    public static void checkTemplate(String template) {
        NameTemplate.check(template, DEFAULT_DISPLAYNAME_TEMPLATE);
    }

    /**
     * A ghost's display name as the bridge sets it: the display-name template filled for {@code handle}, with
     * {@code shownName} (the contact's name, or null for the handle as people write it) as {@code {name}}. Verifiers
     * call this too, so they expect exactly what the bridge writes.
     */
    public String displayName(String handle, String shownName) {
        return NameTemplate.render(displaynameTemplate, handle, shownName);
    }

    /** A DM room's name as the bridge sets it, from the DM name template (as {@link #displayName}). */
    public String dmRoomName(String handle, String shownName) {
        return NameTemplate.render(dmRoomNameTemplate, handle, shownName);
    }

    public OwnerView withDoublePuppet(boolean enabled) {
        return new OwnerView(enabled, ownHandles, displaynameTemplate, dmRoomNameTemplate);
    }
}
