package imbridge.app.config;

import static imbridge.app.config.ConfigChecks.or;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the history comes from ({@code source:} in the config): Apple's CloudKit zones (the default), a Mac's
 * {@code chat.db}, or an iPhone backup folder.
 *
 * @param type          {@code cloudkit}, {@code chatdb} or {@code ios-backup}
 * @param path          chatdb: the {@code chat.db} file; ios-backup: the backup folder (the one holding
 *                      {@code Manifest.db}); null for cloudkit
 * @param home          chatdb: the home folder that {@code ~} in attachment paths stands for (default: three
 *                      levels above {@code chat.db}, i.e. the owner of {@code ~/Library/Messages/chat.db})
 * @param watch         chatdb: keep polling the live database for new rows (live path) instead of importing
 *                      one snapshot
 * @param pollInterval  chatdb watch: how often the database (and its WAL) is polled
 * @param password      ios-backup: the backup password of an encrypted backup, or null
 * @param workDir       where snapshots and decrypted files are kept (never inside the source folders)
 * @param resultsLimit  rows per page (the page is committed with its position, like a CloudKit page)
 * @param contacts      chatdb / ios-backup: names and photos from the address book beside the messages
 */
public record HistorySource(
        String type,
        Path path,
        Path home,
        boolean watch,
        Duration pollInterval,
        String password,
        Path workDir,
        int resultsLimit,
        Contacts contacts) {

    /**
     * The address book of a local source ({@code source.contacts}, {@code source.contacts_region},
     * {@code source.ghost_name_template}).
     *
     * @param enabled      read the Mac's or the backup's address book (ghost names, avatars, DM room names)
     * @param region       the phone region of numbers saved without a country code
     * @param nameTemplate a ghost's display name, e.g. {@code {first} {last}}; {@code {name}} is "First Last",
     *                     else the nickname, else the organization
     */
    public record Contacts(boolean enabled, String region, String nameTemplate) {
        public static final Contacts DEFAULT = new Contacts(true, "US", "{name}");
        public static final Contacts OFF = new Contacts(false, "US", "{name}");
    }

    /** With the default address-book settings (read it, region US, "{name}"). */
    public HistorySource(
            String type,
            Path path,
            Path home,
            boolean watch,
            Duration pollInterval,
            String password,
            Path workDir,
            int resultsLimit) {
        this(type, path, home, watch, pollInterval, password, workDir, resultsLimit, Contacts.DEFAULT);
    }

    /** The same source with other address-book settings. */
    public HistorySource withContacts(Contacts newContacts) {
        return new HistorySource(type, path, home, watch, pollInterval, password, workDir, resultsLimit, newContacts);
    }

    public static final String CLOUDKIT_TYPE = "cloudkit";
    public static final String CHATDB = "chatdb";
    public static final String IOS_BACKUP = "ios-backup";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_RESULTS_LIMIT = 200;
    private static final String DEFAULT_WORK_DIR = "imbridge-data/apple";
    public static final HistorySource CLOUDKIT = new HistorySource(
            CLOUDKIT_TYPE, null, null, false, DEFAULT_POLL_INTERVAL, null, null, DEFAULT_RESULTS_LIMIT);

    public boolean isCloudKit() {
        return CLOUDKIT_TYPE.equals(type);
    }

    public static HistorySource chatDb(Path chatDb, Path home, Path workDir, boolean watch) {
        return new HistorySource(
                CHATDB, chatDb, home, watch, DEFAULT_POLL_INTERVAL, null, workDir, DEFAULT_RESULTS_LIMIT);
    }

    public static HistorySource iosBackup(Path backupDir, String password, Path workDir) {
        return new HistorySource(
                IOS_BACKUP, backupDir, null, false, DEFAULT_POLL_INTERVAL, password, workDir, DEFAULT_RESULTS_LIMIT);
    }

    /** The {@code source} section, bound to the keys of its {@code type} (a key of another type is unknown). */
    static HistorySource parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return CLOUDKIT;
        }
        if (!node.isObject()) {
            throw new ConfigException("source", "expected a section (mapping)");
        }
        String type = Objects.requireNonNullElse(
                        ConfigBinding.bind(node, ConfigFile.SourceType.class, "source")
                                .type(),
                        CLOUDKIT_TYPE)
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            case CLOUDKIT_TYPE -> {
                ConfigBinding.bind(node, ConfigFile.CloudKitSourceKeys.class, "source");
                yield CLOUDKIT;
            }
            case CHATDB -> chatDb(ConfigBinding.bind(node, ConfigFile.ChatDbKeys.class, "source"));
            case IOS_BACKUP -> iosBackup(ConfigBinding.bind(node, ConfigFile.IosBackupKeys.class, "source"));
            default ->
                throw new ConfigException(
                        "source.type", "must be 'cloudkit', 'chatdb' or 'ios-backup', got '" + type + "'");
        };
    }

    private static HistorySource chatDb(ConfigFile.ChatDbKeys keys) {
        Path db = Path.of(expandHome(or(keys.path(), "~/Library/Messages/chat.db")));
        String mode = or(keys.mode(), "import");
        if (!mode.equals("import") && !mode.equals("watch")) {
            throw new ConfigException("source.mode", "must be 'import' or 'watch', got '" + mode + "'");
        }
        return new HistorySource(
                CHATDB,
                db,
                keys.home() == null ? defaultHome(db) : Path.of(expandHome(keys.home())),
                mode.equals("watch"),
                or(keys.pollInterval(), DEFAULT_POLL_INTERVAL),
                null,
                Path.of(or(keys.workDir(), DEFAULT_WORK_DIR)),
                resultsLimit(keys.resultsLimit()),
                contacts(keys.contacts(), keys.contactsRegion(), keys.ghostNameTemplate()));
    }

    private static HistorySource iosBackup(ConfigFile.IosBackupKeys keys) {
        if (keys.path() == null) {
            throw new ConfigException(
                    "source.path",
                    "name the backup folder (the one holding Manifest.db), "
                            + "e.g. ~/Library/Application Support/MobileSync/Backup/<UDID>");
        }
        return new HistorySource(
                IOS_BACKUP,
                Path.of(expandHome(keys.path())),
                null,
                false,
                DEFAULT_POLL_INTERVAL,
                keys.password(),
                Path.of(or(keys.workDir(), DEFAULT_WORK_DIR)),
                resultsLimit(keys.resultsLimit()),
                contacts(keys.contacts(), keys.contactsRegion(), keys.ghostNameTemplate()));
    }

    private static int resultsLimit(Integer value) {
        return ConfigChecks.within(value, DEFAULT_RESULTS_LIMIT, 1, 10_000, "source.results_limit");
    }

    /** The address-book keys of a local source, checked now: a bad region or template fails at start-up. */
    private static Contacts contacts(Boolean enabled, String region, String template) {
        Contacts parsed = new Contacts(
                or(enabled, true),
                or(region, Contacts.DEFAULT.region()),
                or(template, Contacts.DEFAULT.nameTemplate()));
        try {
            new imbridge.applelocal.contacts.PhoneNumbers(parsed.region());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.contacts_region", e.getMessage());
        }
        try {
            new imbridge.applelocal.contacts.NameTemplate(parsed.nameTemplate());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.ghost_name_template", e.getMessage());
        }
        return parsed;
    }

    /** {@code <home>/Library/Messages/chat.db} → {@code <home>}; the database's own folder otherwise. */
    static Path defaultHome(Path chatDb) {
        Path abs = chatDb.toAbsolutePath().normalize();
        Path messages = abs.getParent();
        if (messages != null
                && messages.getFileName() != null
                && messages.getFileName().toString().equals("Messages")
                && messages.getParent() != null
                && messages.getParent().getParent() != null) {
            return messages.getParent().getParent();
        }
        return messages == null ? abs : messages;
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
