package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudMessage;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message feed. A pass reads, by ROWID, every row that is new since the last completed pass or whose
 * {@code date_edited} rose past the highest one that pass saw (edits and unsends update a row in place), then the
 * {@code sync_deleted_messages} tombstones of rows that are really gone. The pass ends with the marks moved up
 * and the scan position back at 0, so the next pass looks for later edits again.
 */
final class MessageFeed {
    static final String FEED = "messages";
    private static final Logger log = LoggerFactory.getLogger(MessageFeed.class);
    private final ChatDbQueries queries;
    private final MessageRowMapper mapper;
    private final TombstoneReader tombstones;
    private final SkipCounter counter;
    private final int limit;

    MessageFeed(ChatDbQueries queries, MessageRowMapper mapper, SkipCounter counter, int limit) {
        this.queries = queries;
        this.mapper = mapper;
        this.tombstones =
                new TombstoneReader(queries.tombstonesAfter("sync_deleted_messages", "message"), "message", counter);
        this.counter = counter;
        this.limit = limit;
    }

    ZonePage<CloudMessage> page(Connection c, PositionToken from) throws SQLException {
        List<MessageRow> rows = rowsAfter(c, from);
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        PageLookups lookups = PageLookups.load(c, queries, rows);
        TargetParts targets = TargetParts.load(c, queries, mapper.bodies(), rows);
        PageAssembler<CloudMessage> page = new PageAssembler<>("message", counter);
        long editedSeen = from.scan() == 0 ? from.edited() : from.editedSeen();
        for (MessageRow row : rows) {
            editedSeen = Math.max(editedSeen, row.dateEdited());
            page.add(row.guid(), mapSafely(row, lookups, targets));
        }
        long scan = rows.isEmpty() ? from.scan() : rows.getLast().rowId();
        if (more) {
            return page.build(
                    List.of(),
                    FEED,
                    new PositionToken(from.rows(), scan, from.deleted(), from.edited(), editedSeen),
                    true);
        }
        // Every row up to the end was read: nothing between scan and the old mark is still due.
        long settled = Math.max(scan, from.rows());
        TombstoneReader.Batch deleted = tombstones.after(c, from.deleted(), limit);
        if (deleted.more()) {
            return page.build(
                    deleted.guids(),
                    FEED,
                    new PositionToken(from.rows(), settled, deleted.lastRowId(), from.edited(), editedSeen),
                    true);
        }
        long edited = Math.max(from.edited(), editedSeen);
        return page.build(
                deleted.guids(), FEED, new PositionToken(settled, 0, deleted.lastRowId(), edited, edited), false);
    }

    private List<MessageRow> rowsAfter(Connection c, PositionToken from) throws SQLException {
        List<MessageRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(queries.messagesAfter)) {
            ps.setLong(1, from.scan());
            ps.setLong(2, from.rows());
            ps.setLong(3, from.edited());
            ps.setInt(4, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(MessageRow.read(rs));
                }
            }
        }
        return rows;
    }

    /** A mapper bug costs one row, not the page. */
    private RowOutcome<CloudMessage> mapSafely(MessageRow row, PageLookups lookups, TargetParts targets) {
        try {
            return mapper.map(row, lookups, targets);
        } catch (RuntimeException e) {
            log.error("message row {} (guid {}): mapping failed", row.rowId(), row.guid(), e);
            return new RowOutcome.Rejected<>(
                    new RecordReject(
                            Zone.MESSAGES,
                            row.guid(),
                            LocalReasons.MAPPER_FAILED,
                            RejectJson.messageRow(row, String.valueOf(e))),
                    String.valueOf(e));
        }
    }
}
