package imbridge.app.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.applelocal.chatdb.ChatDbSource;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.ChatDbSources;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.RecordReject;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Apple databases: a real SQLite {@code chat.db} built from Apple's schema, holding one DM with good
 * messages ({@code good}: their GUIDs, default GOOD-1 and GOOD-2) plus whatever the case's {@code sql} statements
 * add or break, read by the real {@link ChatDbSource} (as a bulk import: a private snapshot) page by page to the
 * end, every attachment opened ({@code empty_database: true}: a SQLite file with none of Apple's tables; {@code file}: a payload instead of a
 * database). Quarantined reasons are the rejects of its pages and its skip counts; survivors are the GUIDs of the chats
 * and messages it produced.
 */
final class ChatDbDriver implements SurfaceDriver {
    static final String OWNER = "+15550000001";
    /** 2023-11-14T22:13:20Z in Apple's nanoseconds since 2001-01-01. */
    static final long BASE_DATE = 721_692_800_000_000_000L;

    private static final int MAX_PAGES = 1_000;

    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        Path home = work.resolve("home");
        Path chatDb = Files.createDirectories(home.resolve("Library/Messages")).resolve("chat.db");
        build(chatDb, c.input());
        List<String> survivors = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        ChatDbSourceConfig config = ChatDbSourceConfig.defaults("tel:" + OWNER).withResultsLimit(50);
        try (ChatDbSource source =
                ChatDbSources.macSnapshot(chatDb, home, Files.createDirectories(work.resolve("snapshot")), config)) {
            read(source::chatChanges, page -> page.records().forEach(chat -> survivors.add(chatGuid(chat))), reasons);
            read(source::messageChanges, page -> page.records().forEach(m -> survivors.add(m.guid())), reasons);
            List<CloudAttachment> attachments = new ArrayList<>();
            read(source::attachmentChanges, page -> attachments.addAll(page.records()), reasons);
            for (CloudAttachment attachment : attachments) {
                try {
                    source.openAsset(attachment).close();
                    survivors.add(attachment.guid());
                } catch (CloudSourceException unavailable) {
                    reasons.add(unavailable.getMessage()); // names the reason: NOT_ON_DISK: PATH_ESCAPE: ...
                }
            }
            reasons.addAll(source.skipCounts().keySet());
        } catch (IOException | CloudSourceException | RuntimeException e) {
            return new Outcome(Outcome.describe(e), reasons, survivors);
        }
        return new Outcome(null, reasons, survivors);
    }

    private interface Pages<T> {
        ZonePage<T> changes(String token) throws CloudSourceException;
    }

    private static <T> void read(Pages<T> pages, java.util.function.Consumer<ZonePage<T>> each, List<String> reasons)
            throws CloudSourceException {
        String token = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            ZonePage<T> page = pages.changes(token);
            each.accept(page);
            page.rejects().stream().map(RecordReject::reason).forEach(reasons::add);
            if (!page.moreComing()) {
                return;
            }
            token = page.syncToken();
        }
        throw new IllegalStateException("still more pages after " + MAX_PAGES);
    }

    private static String chatGuid(CloudChat chat) {
        return chat.cloudChatId();
    }

    private static void build(Path file, JsonNode in) throws Exception {
        if (in.has("file")) {
            Files.write(file, Payload.of(in.get("file")).bytes());
            return;
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            if (in.path("empty_database").asBoolean(false)) {
                s.execute("CREATE TABLE unrelated (x INTEGER)");
                return;
            }
            for (String statement : imbridge.sim.apple.ChatDbWriter.schemaStatements()) {
                String sql = statement.replaceAll("(?m)^--.*$", "").strip();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
            s.execute("INSERT INTO handle (ROWID, id, service, country) VALUES (1, '+15551234567', 'iMessage', 'us')");
            s.execute("INSERT INTO chat (ROWID, guid, style, service_name, chat_identifier, group_id, display_name)"
                    + " VALUES (1, 'iMessage;-;+15551234567', 45, 'iMessage', '+15551234567', 'G1', '')");
            s.execute("INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (1, 1)");
            List<String> good = new ArrayList<>();
            in.path("good").forEach(g -> good.add(g.asText()));
            if (!in.has("good")) {
                good.addAll(List.of("GOOD-1", "GOOD-2"));
            }
            for (int i = 0; i < good.size(); i++) {
                message(db, good.get(i), "good message " + i, BASE_DATE + i * 1_000_000_000L);
            }
            for (JsonNode sql : in.path("sql")) {
                s.execute(sql.asText());
            }
        }
    }

    /** A well-formed incoming text message in the DM (chat 1, handle 1). */
    static void message(Connection db, String guid, String text, long date) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO message (guid, text, handle_id, service,"
                + " account, destination_caller_id, date, is_from_me, is_finished) VALUES (?, ?, 1, 'iMessage',"
                + " 'E:owner@icloud.com', ?, ?, 0, 1)")) {
            insert.setString(1, guid);
            insert.setString(2, text);
            insert.setString(3, OWNER);
            insert.setLong(4, date);
            insert.executeUpdate();
        }
        try (PreparedStatement join = db.prepareStatement("INSERT INTO chat_message_join (chat_id, message_id,"
                + " message_date) SELECT 1, ROWID, date FROM message WHERE guid = ?")) {
            join.setString(1, guid);
            join.executeUpdate();
        }
    }
}
