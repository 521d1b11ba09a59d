package imbridge.app.verify;

/** Size of the generated dataset the ground truth was derived from, echoed into the report. */
public record DatasetSize(long chats, long messages, long attachments) {}
