package imbridge.applelocal.chatdb;

/**
 * Reason codes of the local Apple source: rejects ({@link imbridge.core.model.RecordReject#reason()}), skips and
 * fallbacks (logged at INFO and counted by {@link SkipCounter}).
 */
public final class LocalReasons {
    /** Reject: no text from any source (column, attributedBody, legacy scan), no attachment, not a tapback/system row. */
    public static final String BODY_UNDECODABLE = "BODY_UNDECODABLE";
    /** Reject: the message time is before 2001 or after 2100 (or not representable). */
    public static final String BAD_DATE = "BAD_DATE";
    /** Reject: the mapper failed unexpectedly on this row; the page goes on without it. */
    public static final String MAPPER_FAILED = "MAPPER_FAILED";

    /** Skip: the message sits only in Recently Deleted ({@code chat_recoverable_message_join}); never a deletion. */
    public static final String RECENTLY_DELETED = "RECENTLY_DELETED";
    /** Skip: the message is in no chat at all (behaviour.md §AL8.3 rule 3: not proof of deletion either). */
    public static final String ORPHAN = "ORPHAN";
    /** Skip: a sticker placed on a bubble ({@code associated_message_type} 1000). */
    public static final String STICKER = "STICKER";
    /** Skip: an iMessage-app balloon (Apple Pay, Digital Touch, handwriting, a third-party app) with nothing to show. */
    public static final String APP_BALLOON = "APP_BALLOON";

    /** Fallback: the text came from the legacy byte scan of an attributedBody the strict decoder refused. */
    public static final String LEGACY_BODY = "LEGACY_BODY";
    /** Fallback: {@code message_summary_info} did not decode; edits/unsends of the row are unknown. */
    public static final String SUMMARY_UNDECODABLE = "SUMMARY_UNDECODABLE";

    /** Attachment file: the stored path leaves the attachments folder; treated as not on disk. */
    public static final String PATH_ESCAPE = "PATH_ESCAPE";
    /** Attachment file: the row has no path. */
    public static final String NO_PATH = "NO_PATH";
    /** Attachment file: the path names no file (never downloaded, purged, not backed up). */
    public static final String FILE_MISSING = "FILE_MISSING";

    private LocalReasons() {}
}
