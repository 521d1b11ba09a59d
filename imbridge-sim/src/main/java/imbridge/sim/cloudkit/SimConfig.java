package imbridge.sim.cloudkit;

/**
 * How a {@link CloudKitSimulator} is started: the dataset to generate and where to serve it.
 *
 * @param seed            dataset seed; the same seed and sizes give byte-identical records, tokens and truth
 * @param chats           number of conversations (DMs and groups)
 * @param messages        total number of messages, at least {@code chats}
 * @param bind            listen address (loopback by default)
 * @param port            listen port, 0 for an ephemeral one
 * @param apiToken        when non-null every CloudKit request must carry {@code ?ckAPIToken=<apiToken>}
 * @param maxResultsLimit largest page a {@code changes/zone} request may ask for (larger values are clamped)
 */
public record SimConfig(long seed, int chats, int messages, String bind, int port, String apiToken, int maxResultsLimit) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_MAX_RESULTS_LIMIT = 400;

    public SimConfig {
        if (chats < 0) {
            throw new IllegalArgumentException("chats must be >= 0, got " + chats);
        }
        if (messages < chats || (chats == 0 && messages != 0)) {
            throw new IllegalArgumentException("messages (" + messages + ") must be at least chats (" + chats
                    + "): every conversation gets at least one message");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("bind address is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (apiToken != null && apiToken.isBlank()) {
            throw new IllegalArgumentException("apiToken must be null (no auth) or non-blank");
        }
        if (maxResultsLimit < 1) {
            throw new IllegalArgumentException("maxResultsLimit must be >= 1, got " + maxResultsLimit);
        }
    }

    /** Loopback, ephemeral port, no auth, pages of at most 400 records. */
    public static SimConfig defaults(long seed, int chats, int messages) {
        return new SimConfig(seed, chats, messages, LOOPBACK, 0, null, DEFAULT_MAX_RESULTS_LIMIT);
    }

    public SimConfig withApiToken(String token) {
        return new SimConfig(seed, chats, messages, bind, port, token, maxResultsLimit);
    }

    public SimConfig withMaxResultsLimit(int limit) {
        return new SimConfig(seed, chats, messages, bind, port, apiToken, limit);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(seed, chats, messages, bind, newPort, apiToken, maxResultsLimit);
    }
}
