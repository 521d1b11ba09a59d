package imbridge.core.model;

/** A record that could not be decoded; quarantined with its reason instead of failing the page. */
public record RecordReject(Zone zone, String recordName, String reason, String rawJson) {}
