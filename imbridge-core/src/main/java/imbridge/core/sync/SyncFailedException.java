package imbridge.core.sync;

import imbridge.core.model.Zone;

/** A sync pass that did not complete; it never opens the gate and never records success. */
public class SyncFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Zone zone;

    public SyncFailedException(Zone zone, String message, Throwable cause) {
        super(zone.zoneName() + ": " + message, cause);
        this.zone = zone;
    }

    public Zone zone() {
        return zone;
    }
}
