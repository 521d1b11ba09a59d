package imbridge.app.config;

import java.util.Locale;

/**
 * The operator listener ({@code metrics} and {@code admin} sections): where {@code /metrics}, the dashboard and the
 * admin API listen, and the token the dashboard's data and the admin API require.
 *
 * @param adminToken null when none is configured; then the listener must be on a loopback address
 */
public record OperatorConfig(boolean enabled, String host, int port, String adminToken) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:29351";
    /** For bridges built in code (tests, tools): no listener unless asked for. */
    public static final OperatorConfig DISABLED = new OperatorConfig(false, "127.0.0.1", 0, null);

    public OperatorConfig {
        if (enabled && !isLoopback(host) && (adminToken == null || adminToken.isBlank())) {
            throw new ConfigException(
                    "admin.token",
                    "is required when metrics.listen is not a loopback address (" + host + ":" + port
                            + "): the dashboard and the admin API would be open to the network");
        }
    }

    /** Enabled on {@code host:port} (port 0: any free port) without a token: loopback only. */
    public static OperatorConfig loopback(int port) {
        return new OperatorConfig(true, "127.0.0.1", port, null);
    }

    /** Whether requests must carry the admin token (always when one is configured). */
    public boolean tokenRequired() {
        return adminToken != null && !adminToken.isBlank();
    }

    /** From the keys as written: {@code enabled} and {@code listen} may be null (their defaults). */
    public static OperatorConfig of(Boolean enabled, String listen, String adminToken) {
        String address = listen == null ? DEFAULT_LISTEN : listen.strip();
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new ConfigException(
                    "metrics.listen", "expected host:port such as 127.0.0.1:29351, got '" + listen + "'");
        }
        return new OperatorConfig(enabled == null || enabled, host, port, adminToken);
    }

    /**
     * A loopback literal or {@code localhost} (no name lookup: the check must not depend on DNS). {@code 127.} must
     * start an IPv4 literal: a name such as {@code 127.example.org} may resolve to any address.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.matches("127(\\.[0-9]{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
