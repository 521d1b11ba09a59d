package imbridge.app.config;

/** A configuration problem, always naming the key at fault. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem) {
        super("config key '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
