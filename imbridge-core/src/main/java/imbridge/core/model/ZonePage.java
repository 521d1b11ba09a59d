package imbridge.core.model;

import java.util.List;

/**
 * One page of a zone's change feed.
 *
 * @param records            decoded live records
 * @param deletedRecordNames tombstones (record names only)
 * @param rejects            records that failed to decode
 * @param syncToken          the token to ask for the next page with; null when the server gave none
 * @param moreComing         whether another page follows
 */
public record ZonePage<T>(
        List<T> records,
        List<String> deletedRecordNames,
        List<RecordReject> rejects,
        String syncToken,
        boolean moreComing) {

    public ZonePage {
        records = List.copyOf(records);
        deletedRecordNames = List.copyOf(deletedRecordNames);
        rejects = List.copyOf(rejects);
    }
}
