package imbridge.sim;

/**
 * Monotonic time of the simulator and the homeserver double, injected so their tests drive it. They stand in for
 * external systems and use no bridge code, so this is their own seam; {@link #SYSTEM} reads the JVM's nanosecond
 * timer, the same one the bridge's ticker reads, which lets a demo in one JVM set the simulator's push times against
 * the double's accept times.
 */
@FunctionalInterface
public interface SimTicker {
    SimTicker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();
}
