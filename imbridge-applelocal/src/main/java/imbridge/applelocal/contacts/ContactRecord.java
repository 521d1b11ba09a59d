package imbridge.applelocal.contacts;

import java.util.List;

/**
 * One person of an address book, as read (names may be null).
 *
 * @param source where it was read (the database file), for the log
 * @param photo  the contact's picture, or null
 */
public record ContactRecord(
        String source,
        long recordId,
        String first,
        String middle,
        String last,
        String nickname,
        String organization,
        List<ContactAddress> phones,
        List<ContactAddress> emails,
        ContactPhoto photo) {
    public ContactRecord {
        phones = List.copyOf(phones);
        emails = List.copyOf(emails);
    }

    /**
     * The name people know the contact by: "First Last", else the nickname, else the organization; null when the
     * card has none of them (a bare number).
     */
    public String name() {
        String full = (blankToEmpty(first) + " " + blankToEmpty(last)).strip();
        if (!full.isEmpty()) {
            return full;
        }
        if (!blankToEmpty(nickname).isEmpty()) {
            return nickname.strip();
        }
        return blankToEmpty(organization).isEmpty() ? null : organization.strip();
    }

    static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
