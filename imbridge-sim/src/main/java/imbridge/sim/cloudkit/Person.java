package imbridge.sim.cloudkit;

import java.util.Locale;

/**
 * A remote contact: a +1 555 phone number or an email address, written in varied raw forms in records.
 *
 * @param email    display-cased address (e.g. {@code Alice.Smith@Example.com}), null for phone contacts
 * @param national the 10-digit national number, null for email contacts
 */
record Person(String email, String national) {

    boolean isPhone() {
        return national != null;
    }

    /** The handle a correct bridge derives: {@code tel:+1…} or {@code mailto:<lower>}. */
    String handle() {
        return isPhone() ? "tel:+1" + national : "mailto:" + email.toLowerCase(Locale.ROOT);
    }

    /** The handle as a DM chat identifier writes it. */
    String chatIdentifierForm() {
        return isPhone() ? "+1" + national : email;
    }

    /** A raw form as found in a message's {@code sender}. */
    String senderForm(SplitMix64 rnd) {
        if (isPhone()) {
            return switch (rnd.nextInt(4)) {
                case 0 -> "+1" + national;
                case 1 -> "tel:+1" + national;
                case 2 -> "1" + national;
                default -> national;
            };
        }
        double p = rnd.nextDouble();
        if (p < 0.4) {
            return email;
        }
        if (p < 0.6) {
            return email.toLowerCase(Locale.ROOT);
        }
        if (p < 0.8) {
            return "mailto:" + email;
        }
        if (p < 0.9) {
            return "mailto:" + email.toLowerCase(Locale.ROOT);
        }
        return email.toUpperCase(Locale.ROOT);
    }

    /** A raw URI as found in a chat's {@code ptcpts[].FZPersonID}. */
    String participantForm(SplitMix64 rnd) {
        double p = rnd.nextDouble();
        if (isPhone()) {
            if (p < 0.6) {
                return "tel:+1" + national;
            }
            if (p < 0.8) {
                return "tel:" + national;
            }
            return p < 0.9 ? "tel:1" + national : "+1" + national;
        }
        if (p < 0.6) {
            return "mailto:" + email;
        }
        return p < 0.9 ? "mailto:" + email.toLowerCase(Locale.ROOT) : email;
    }
}
