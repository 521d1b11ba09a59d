package imbridge.applelocal.chatdb;

import java.util.List;
import java.util.Map;

/**
 * What {@code imbridge apple inspect --db} shows about a Messages database.
 *
 * @param tier           the schema generation found ({@link SchemaTier#label()})
 * @param missingNotable notable tables/columns this database lacks ({@code table} or {@code table.column})
 * @param columns        every table with its columns
 * @param counts         row counts
 */
public record SchemaReport(String tier, List<String> missingNotable, Map<String, List<String>> columns, Counts counts) {
    public SchemaReport {
        missingNotable = List.copyOf(missingNotable);
        columns = Map.copyOf(columns);
    }

    /**
     * @param recentlyDeletedMessages messages only in Recently Deleted (skipped by the reader)
     * @param orphanMessages          messages in no chat and not in Recently Deleted (skipped by the reader)
     */
    public record Counts(
            long chats,
            long handles,
            long messages,
            long attachments,
            long recentlyDeletedMessages,
            long syncDeletedMessages,
            long syncDeletedAttachments,
            long syncDeletedChats,
            long orphanMessages) {}
}
