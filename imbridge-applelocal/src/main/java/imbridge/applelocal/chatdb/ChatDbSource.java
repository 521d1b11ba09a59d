package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.AssetUnavailableException;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link CloudSource} over a Messages database (a Mac's {@code chat.db} or an iPhone backup's
 * {@code sms.db}): the three zones become three feeds paged by ROWID with JSON position tokens, records follow the
 * contract's reader mapping, and assets are the attachment files on disk. Pages are read in one short read
 * transaction each (a consistent view without pinning a live WAL). Thread-safe: the sync thread pages while
 * download threads open assets.
 */
public final class ChatDbSource implements CloudSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatDbSource.class);
    static final String LOCAL_DB_ERROR = "LOCAL_DB_ERROR";
    static final String LOCAL_DB_BUSY = "LOCAL_DB_BUSY";
    /** An attachment file that exists but cannot be opened (permissions, I/O): it may open later. */
    static final String LOCAL_FILE_ERROR = "LOCAL_FILE_ERROR";

    private final ChatDbSnapshot db;
    private final AppleSchema schema;
    private final ChatDbQueries queries;
    private final AttachmentLocator locator;
    private final SkipCounter counter = new SkipCounter();
    private final ChatFeed chats;
    private final MessageFeed messages;
    private final AttachmentFeed attachments;
    private final List<AutoCloseable> owned;
    private final Object lock = new Object();
    /** Feed → the token of its last completed pass, when the database cannot change (a copy): re-reading is moot. */
    private final Map<String, String> settled = new ConcurrentHashMap<>();

    /**
     * @param owned closed after the database, in reverse order (e.g. the backup's files)
     * @throws ChatDbOpenException when the database is not a Messages database
     */
    public ChatDbSource(ChatDbSnapshot db, AttachmentLocator locator, ChatDbSourceConfig config, AutoCloseable... owned)
            throws ChatDbOpenException {
        this.db = Objects.requireNonNull(db, "db");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.owned = List.of(owned);
        try {
            this.schema = AppleSchema.detect(db.connection(), db.path());
        } catch (SQLException e) {
            throw ChatDbOpenException.fromSql(db.path(), e);
        }
        this.queries = new ChatDbQueries(schema);
        MessageRowMapper mapper =
                new MessageRowMapper(new MessageBodyReader(config.mentionHref(), counter), config.ownHandle());
        this.chats = new ChatFeed(queries, counter, config.resultsLimit());
        this.messages = new MessageFeed(queries, mapper, counter, config.resultsLimit());
        this.attachments =
                new AttachmentFeed(queries, new AttachmentRowMapper(locator, counter), counter, config.resultsLimit());
        log.info(
                "chat.db source on {}: schema {}{}",
                db.path(),
                schema.tier().label(),
                schema.missingNotable().isEmpty() ? "" : ", missing " + schema.missingNotable());
    }

    @Override
    public ZonePage<CloudChat> chatChanges(String syncToken) throws CloudSourceException {
        return page(ChatFeed.FEED, syncToken, (c, from) -> chats.page(c, from));
    }

    @Override
    public ZonePage<CloudMessage> messageChanges(String syncToken) throws CloudSourceException {
        return page(MessageFeed.FEED, syncToken, (c, from) -> messages.page(c, from));
    }

    @Override
    public ZonePage<CloudAttachment> attachmentChanges(String syncToken) throws CloudSourceException {
        return page(AttachmentFeed.FEED, syncToken, (c, from) -> attachments.page(c, from));
    }

    /**
     * Opens the attachment's file, located afresh from its row (it may have been downloaded since it was listed).
     *
     * @throws AssetUnavailableException NOT_ON_DISK when the row is gone, has no path, the file is missing or the
     *                                    path leaves the attachments folder
     */
    @Override
    public InputStream openAsset(CloudAttachment attachment) throws CloudSourceException {
        Objects.requireNonNull(attachment, "attachment");
        String filename = storedFilename(attachment.guid());
        AttachmentFile file;
        try {
            file = AttachmentRowMapper.locate(attachment.guid(), filename, locator, counter);
        } catch (IOException e) {
            throw fileFailure("locating the file of attachment " + attachment.guid(), e);
        }
        if (!file.present()) {
            throw new AssetUnavailableException(
                    AssetUnavailableException.NOT_ON_DISK, file.unavailableReason() + ": " + file.detail());
        }
        try {
            return Files.newInputStream(file.path());
        } catch (NoSuchFileException e) {
            throw new AssetUnavailableException(
                    AssetUnavailableException.NOT_ON_DISK,
                    LocalReasons.FILE_MISSING + ": " + file.path() + " disappeared");
        } catch (IOException e) {
            throw fileFailure("opening " + file.path(), e);
        }
    }

    /** The detected schema (tier, columns). */
    public AppleSchema schema() {
        return schema;
    }

    /** Skips and fallbacks so far, by reason code. */
    public Map<String, Long> skipCounts() {
        return counter.snapshot();
    }

    /** Tier, columns and row counts of the database (for {@code imbridge apple inspect}). */
    public SchemaReport inspect() throws SQLException {
        synchronized (lock) {
            return ChatDbInspector.report(db.connection(), schema);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        List<AutoCloseable> all = new ArrayList<>();
        all.add(db);
        all.addAll(owned.reversed());
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                failure =
                        failure != null ? failure : new IOException("closing the chat.db source: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private String storedFilename(String guid) throws CloudSourceException {
        if (queries.attachmentByGuid == null || guid == null) {
            throw new AssetUnavailableException(AssetUnavailableException.NOT_ON_DISK, "no attachment table");
        }
        synchronized (lock) {
            try (PreparedStatement ps = db.connection().prepareStatement(queries.attachmentByGuid)) {
                ps.setString(1, guid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new AssetUnavailableException(
                                AssetUnavailableException.NOT_ON_DISK,
                                "attachment " + guid + " is no longer in the database");
                    }
                    return rs.getString("filename");
                }
            } catch (SQLException e) {
                throw databaseFailure("looking up attachment " + guid, e);
            }
        }
    }

    @FunctionalInterface
    private interface FeedPage<T> {
        ZonePage<T> read(Connection c, PositionToken from) throws SQLException;
    }

    private <T> ZonePage<T> page(String feed, String token, FeedPage<T> reader) throws CloudSourceException {
        PositionToken from = PositionToken.parse(feed, token);
        if (db.frozen() && token != null && token.equals(settled.get(feed))) {
            return new ZonePage<>(List.of(), List.of(), List.of(), token, false);
        }
        ZonePage<T> page;
        synchronized (lock) {
            Connection c = db.connection();
            try {
                c.setAutoCommit(false);
                try {
                    page = reader.read(c, from);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw databaseFailure("reading the " + feed + " of " + db.path(), e);
            }
        }
        if (!page.moreComing()) {
            settled.put(feed, page.syncToken());
        }
        return page;
    }

    private static CloudSourceException fileFailure(String what, IOException e) {
        return new CloudSourceException(LOCAL_FILE_ERROR, what + ": " + e, null, true, e);
    }

    /** A locked database is worth asking again in a second; any other SQLite error is not. */
    private static CloudSourceException databaseFailure(String what, SQLException e) {
        String message = String.valueOf(e.getMessage());
        boolean busy = message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
        return new CloudSourceException(
                busy ? LOCAL_DB_BUSY : LOCAL_DB_ERROR,
                what + ": " + message,
                busy ? Duration.ofSeconds(1) : null,
                busy,
                e);
    }
}
