package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.ZonePage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The attachment feed: {@code attachment} rows by ROWID, then {@code sync_deleted_attachments} tombstones. */
final class AttachmentFeed {
    static final String FEED = "attachments";
    private final ChatDbQueries queries;
    private final AttachmentRowMapper mapper;
    private final TombstoneReader tombstones;
    private final SkipCounter counter;
    private final int limit;

    AttachmentFeed(ChatDbQueries queries, AttachmentRowMapper mapper, SkipCounter counter, int limit) {
        this.queries = queries;
        this.mapper = mapper;
        this.tombstones = new TombstoneReader(
                queries.tombstonesAfter("sync_deleted_attachments", "attachment"), "attachment", counter);
        this.counter = counter;
        this.limit = limit;
    }

    ZonePage<CloudAttachment> page(Connection c, PositionToken from) throws SQLException {
        List<AttachmentRowMapper.AttachmentRow> rows = new ArrayList<>();
        if (queries.attachmentsAfter != null) {
            try (PreparedStatement ps = c.prepareStatement(queries.attachmentsAfter)) {
                ps.setLong(1, from.rows());
                ps.setInt(2, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(AttachmentRowMapper.AttachmentRow.read(rs));
                    }
                }
            }
        }
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        PageAssembler<CloudAttachment> page = new PageAssembler<>("attachment", counter);
        for (AttachmentRowMapper.AttachmentRow row : rows) {
            page.add(mapper.map(row));
        }
        long rowsMark = rows.isEmpty() ? from.rows() : rows.getLast().rowId();
        if (more) {
            return page.build(List.of(), FEED, new PositionToken(rowsMark, 0, from.deleted(), 0, 0), true);
        }
        TombstoneReader.Batch deleted = tombstones.after(c, from.deleted(), limit);
        return page.build(
                deleted.guids(), FEED, new PositionToken(rowsMark, 0, deleted.lastRowId(), 0, 0), deleted.more());
    }
}
