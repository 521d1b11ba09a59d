package imbridge.sim.cloudkit;

/** Sizes of a dataset as reported in the ground truth's {@code dataset} object. */
public record DatasetSummary(int chats, int messages, int attachments) {}
