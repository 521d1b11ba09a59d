package imbridge.app.demo;

/**
 * One bridge run over one snapshot of the history.
 *
 * @param eventsSent events the bridge sent to the homeserver in that run (messages, files, notices, reactions,
 *                   edits, redactions; batch-sent events included): a re-import that re-sent history shows here
 */
record ImportRun(int number, long eventsSent, int portalsDone, int portals) {}
