package imbridge.applelocal.contacts;

import imbridge.applelocal.ReasonCounter;
import org.slf4j.LoggerFactory;

/** Counts what the address-book readers leave out, by reason code, and logs each decision at INFO. */
public final class ContactSkips extends ReasonCounter {
    /** A whole address book could not be read (not SQLite, no permission, unexpected schema). */
    public static final String ADDRESS_BOOK_UNREADABLE = "ADDRESS_BOOK_UNREADABLE";
    /** A phone entry that is not a number libphonenumber can read. */
    public static final String PHONE_UNPARSEABLE = "PHONE_UNPARSEABLE";
    /** An e-mail entry without a local part and a domain. */
    public static final String EMAIL_UNPARSEABLE = "EMAIL_UNPARSEABLE";
    /** A photo that is neither JPEG nor PNG. */
    public static final String PHOTO_UNRECOGNISED = "PHOTO_UNRECOGNISED";
    /** A photo file that exists but cannot be read. */
    public static final String PHOTO_UNREADABLE = "PHOTO_UNREADABLE";
    /** A photo larger than {@link #MAX_PHOTO_BYTES}: no avatar is that large. */
    public static final String PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE";
    /** Several contacts claim one handle; the rule picked one (logged once per handle). */
    public static final String CONTACT_AMBIGUOUS = "CONTACT_AMBIGUOUS";

    /** Photos above this size are not read at all. */
    public static final int MAX_PHOTO_BYTES = 8 * 1024 * 1024;

    public ContactSkips() {
        super(LoggerFactory.getLogger(ContactSkips.class), "contacts");
    }
}
