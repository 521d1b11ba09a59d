package imbridge.core.model;

import java.util.Locale;

/** GUIDs are compared case-insensitively everywhere (APNs upper-case, CloudKit lower-case). */
public final class Guids {
    private Guids() {}

    public static String normalize(String guid) {
        return guid == null ? null : guid.toUpperCase(Locale.ROOT);
    }
}
