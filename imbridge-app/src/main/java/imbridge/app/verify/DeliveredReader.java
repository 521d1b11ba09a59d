package imbridge.app.verify;

import java.util.List;

/**
 * Reads every room the bridge could have written to, with events in timeline order. One implementation per
 * way of reaching a homeserver (the double's inspection API, the standard Client-Server API); the comparison
 * is the same for all of them.
 *
 * @throws java.io.UncheckedIOException when the homeserver cannot be read
 */
public interface DeliveredReader {
    List<DeliveredRoom> read();
}
