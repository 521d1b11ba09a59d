package imbridge.app.verify;

/** A number of portals and a number of message parts. */
public record Counts(long portals, long parts) {}
