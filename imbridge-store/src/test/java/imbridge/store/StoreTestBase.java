package imbridge.store;

import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fresh stores per test (a database, or the core's in-memory fakes for the port-level contracts), opened for one login, plus the row builders the store contracts share.
 * Rows are stamped by a clock that advances one millisecond per reading, so "newest first" is well defined.
 */
abstract class StoreTestBase {

    static final String LOGIN = "@alice:example.org";
    static final String OTHER_LOGIN = "@bob:example.org";
    static final String DM = "tel:+15551234567";
    static final String GROUP = "gid:0c6a3f5e-1b2d-4c3e-9f40-5a6b7c8d9e0f";

    /** The database under test; null when the stores are the core's in-memory fakes. */
    DatabaseConfig config;

    Database db;
    PortStores stores;
    CloudStore cloud;
    BridgeStore bridge;

    /** A config pointing at a new, empty database; every SQL test class names one (the in-memory ones need none). */
    protected DatabaseConfig freshDatabase() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " runs on no database");
    }

    /** The stores under test, empty: a fresh database unless a test of the in-memory fakes says otherwise. */
    protected PortStores openStores() {
        config = freshDatabase();
        db = Database.open(config, new TickingClock(1_700_000_000_000L));
        return PortStores.of(db);
    }

    @BeforeEach
    void open() {
        stores = openStores();
        cloud = stores.cloudStore(LOGIN);
        bridge = stores.bridgeStore(LOGIN);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    // ---- raw access ---------------------------------------------------------------------------------------

    Connection raw() throws SQLException {
        return DriverManager.getConnection(config.url(), config.user(), config.password());
    }

    long rows(String table) throws SQLException {
        try (Connection c = raw();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long rows(String table, String login) throws SQLException {
        try (Connection c = raw();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE login_id = ?")) {
            s.setString(1, login);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Upload results are written by the attachment pipeline (a later port); tests plant them directly. */
    void cacheUpload(String login, String recordName) throws SQLException {
        try (Connection c = raw();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO cloud_attachment_cache (login_id, record_name, content_json, created_ts) "
                                + "VALUES (?, ?, '{\"msgtype\":\"m.image\"}', 1)")) {
            s.setString(1, login);
            s.setString(2, recordName);
            s.executeUpdate();
        }
    }

    void recordAttachmentFailure(String login, String recordName) throws SQLException {
        try (Connection c = raw();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO cloud_attachment_failure (login_id, record_name, retries, last_error, updated_ts) "
                                + "VALUES (?, ?, 1, 'timed out', 1)")) {
            s.setString(1, login);
            s.setString(2, recordName);
            s.executeUpdate();
        }
    }

    List<String> cachedUploads(String login) throws SQLException {
        try (Connection c = raw();
                PreparedStatement s = c.prepareStatement(
                        "SELECT record_name FROM cloud_attachment_cache WHERE login_id = ? ORDER BY record_name")) {
            s.setString(1, login);
            try (ResultSet rs = s.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    // ---- row builders -------------------------------------------------------------------------------------

    static String guid(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i * 7919, i);
    }

    static MessageRow message(String guid, String portalId, long timestampMs) {
        return new MessageRow(
                guid,
                guid,
                portalId == null ? null : "chat-of-" + portalId,
                portalId,
                timestampMs,
                "tel:+15551234567",
                false,
                "text of " + guid,
                null,
                "iMessage",
                List.of(),
                true,
                false);
    }

    static MessageRow withDeleted(MessageRow m, boolean deleted) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                deleted,
                m.attachmentGuids(),
                m.extras());
    }

    static MessageRow withRecordName(MessageRow m, String recordName) {
        return new MessageRow(
                m.guid(),
                recordName,
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                m.deleted(),
                m.attachmentGuids(),
                m.extras());
    }

    /** A complete attachment list: every GUID the record named was resolved. */
    static MessageRow withAttachments(MessageRow m, List<CloudAttachment> attachments) {
        return withAttachments(
                m, attachments, attachments.stream().map(CloudAttachment::guid).toList());
    }

    /** {@code attachmentGuids} longer than {@code attachments} makes the list incomplete. */
    static MessageRow withAttachments(MessageRow m, List<CloudAttachment> attachments, List<String> attachmentGuids) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                attachments,
                m.hasBody(),
                m.deleted(),
                attachmentGuids,
                m.extras());
    }

    static MessageRow withExtras(MessageRow m, MessageExtras extras) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                m.deleted(),
                m.attachmentGuids(),
                extras);
    }

    static CloudAttachment attachment(String recordName, String guid) {
        return new CloudAttachment(
                recordName,
                guid,
                "image/jpeg",
                "public.jpeg",
                recordName + ".jpg",
                12_345,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "http://127.0.0.1:1/assets/" + recordName);
    }

    static ChatRow dmChat() {
        return new ChatRow(
                "iMessage;-;+15551234567",
                "chat-record-dm",
                null,
                DM,
                "iMessage",
                null,
                List.of("tel:+15551234567"),
                false,
                false);
    }

    static ChatRow groupChat() {
        return new ChatRow(
                "chat918273645",
                "chat-record-group",
                "0C6A3F5E-1B2D-4C3E-9F40-5A6B7C8D9E0F",
                GROUP,
                "iMessage",
                "Climbing crew",
                List.of("tel:+15551234567", "mailto:carol@example.com"),
                false,
                false);
    }

    static ChatRow chat(String cloudChatId, String recordName, String portalId, boolean filtered) {
        return new ChatRow(
                cloudChatId, recordName, null, portalId, "iMessage", null, List.of(portalId), filtered, false);
    }

    static SentPart sent(PartKey key, String eventId) {
        return new SentPart(DM, key, key.guidNorm().toLowerCase(Locale.ROOT), "!room:example.org", eventId, 42);
    }

    /** Each reading is one millisecond after the previous one. */
    static final class TickingClock extends Clock {
        private final AtomicLong millis;

        TickingClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        @Override
        public long millis() {
            return millis.getAndIncrement();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock has one zone");
        }
    }
}
