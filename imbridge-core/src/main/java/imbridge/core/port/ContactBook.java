package imbridge.core.port;

import imbridge.core.model.ContactCard;
import java.util.Optional;

/**
 * Who a handle is, from the person's own address book (a Mac's or an iPhone backup's): the name and photo their
 * ghost shows and a DM room is named after. Empty when the source has no address book or nothing matches; the
 * Matrix layer then shows the handle as before.
 */
@FunctionalInterface
public interface ContactBook {
    ContactBook NONE = handle -> Optional.empty();

    /** @param handle a normalised handle ({@code tel:+E164} or {@code mailto:lower}) */
    Optional<ContactCard> lookup(String handle);
}
