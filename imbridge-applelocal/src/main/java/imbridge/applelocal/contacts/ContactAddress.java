package imbridge.applelocal.contacts;

/**
 * One phone number or e-mail address of a contact, as the address book stores it.
 *
 * @param value         the number or address as typed ({@code (555) 123-4567}, {@code Alice@Example.com})
 * @param orderingIndex its place in the contact's list (Mac {@code ZORDERINGINDEX}, iPhone {@code identifier});
 *                      the lower one wins when several contacts claim one handle
 */
public record ContactAddress(String value, int orderingIndex) {}
