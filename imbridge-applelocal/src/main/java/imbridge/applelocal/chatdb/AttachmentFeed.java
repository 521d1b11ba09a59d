package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.ZonePage;
import java.sql.Connection;
import java.sql.SQLException;

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
        RowPages.Rows<AttachmentRowMapper.AttachmentRow> rows = RowPages.after(
                c, queries.attachmentsAfter, from.rows(), limit, AttachmentRowMapper.AttachmentRow::read);
        PageAssembler<CloudAttachment> page = new PageAssembler<>("attachment", counter);
        for (AttachmentRowMapper.AttachmentRow row : rows.rows()) {
            page.add(mapper.map(row));
        }
        return RowPages.finish(c, page, FEED, from, rows, AttachmentRowMapper.AttachmentRow::rowId, tombstones, limit);
    }
}
