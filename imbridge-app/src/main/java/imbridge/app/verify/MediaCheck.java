package imbridge.app.verify;

/** A delivered file part whose bytes still have to be fetched and hashed. */
record MediaCheck(String portalId, String roomId, String eventId, PartId id, String mxcUri, String sha256,
                  long size) {
}
