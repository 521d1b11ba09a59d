package imbridge.sim.cloudkit;

import java.util.Objects;

/**
 * What is wrong with a {@link MalformedRecord}. Field-shape defects ({@link Kind#MISSING_FIELD},
 * {@link Kind#WRONG_TYPE}, {@link Kind#INVALID_UTF8}) are applied when the record is rendered; value defects
 * ({@link Kind#BAD_GUID}, {@link Kind#ABSURD_TIMESTAMP}, {@link Kind#OVERSIZE_TEXT}) are carried by the
 * underlying record's values.
 *
 * @param field the record field the defect is in
 */
public record Defect(Kind kind, String field) {

    /** The kinds of malformation the contract names. */
    public enum Kind {
        /** A required field is absent. */
        MISSING_FIELD,
        /** A field's value and declared type are of another type than the contract's. */
        WRONG_TYPE,
        /** The message GUID is not a UUID. */
        BAD_GUID,
        /** The time is before 2007 or after 2100. */
        ABSURD_TIMESTAMP,
        /** The text is longer than {@link #OVERSIZE_TEXT_CHARS} characters. */
        OVERSIZE_TEXT,
        /** A string value holds bytes that are not UTF-8 (raw in the response body). */
        INVALID_UTF8
    }

    /** Texts longer than this are malformed (reason {@code OVERSIZE_TEXT}). */
    public static final int OVERSIZE_TEXT_CHARS = 1_000_000;

    public Defect {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
    }

    /** Whether rendering must change how {@code name} is written. */
    boolean reshapes(String name) {
        return field.equals(name)
                && (kind == Kind.MISSING_FIELD || kind == Kind.WRONG_TYPE || kind == Kind.INVALID_UTF8);
    }

    /**
     * The reason published in the truth's {@code rejectedRecords}: {@code MISSING_FIELD:<field>},
     * {@code WRONG_TYPE:<field>}, {@code INVALID_UTF8:<field>}, {@code BAD_GUID}, {@code ABSURD_TIMESTAMP} or
     * {@code OVERSIZE_TEXT}.
     */
    public String reason() {
        return switch (kind) {
            case MISSING_FIELD, WRONG_TYPE, INVALID_UTF8 -> kind.name() + ":" + field;
            case BAD_GUID, ABSURD_TIMESTAMP, OVERSIZE_TEXT -> kind.name();
        };
    }
}
