package imbridge.core.model;

/**
 * What the address book says about one handle.
 *
 * @param displayName the ghost's display name (the contact's name by the configured template, or the handle
 *                    formatted for people when no contact matched)
 * @param contactName the matched contact's own name, or null when no contact matched (DM rooms are named after it)
 * @param photo       the contact's photo (JPEG or PNG bytes), or null
 * @param photoMime   the photo's media type, or null
 */
public record ContactCard(String displayName, String contactName, byte[] photo, String photoMime) {
    public boolean hasPhoto() {
        return photo != null && photo.length > 0;
    }
}
