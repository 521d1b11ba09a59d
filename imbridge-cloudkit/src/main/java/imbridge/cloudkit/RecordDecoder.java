package imbridge.cloudkit;

import imbridge.core.model.Zone;

/** Decodes the fields of one live record of a zone's record type into a model value. */
interface RecordDecoder<T> {

    Zone zone();

    /** The only record type this zone is expected to hold. */
    String recordType();

    T decode(String recordName, RecordFields fields) throws RecordDecodeException;
}
