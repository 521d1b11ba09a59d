/**
 * {@code imbridge audit}: checks a real deployment without a simulator. The expectation is the bridge's own
 * synced CloudKit cache ({@link imbridge.app.audit.CacheExpectations}: the live messages of every portal that
 * should exist, split into parts by the bridge's own {@link imbridge.core.backfill.MessagePartPlanner}); what was
 * delivered is read from the homeserver through the standard Client-Server API; the comparison is the
 * verifier's ({@link imbridge.app.verify.ComparisonCore}). The database is opened read-only and nothing is
 * written to the homeserver.
 */
package imbridge.app.audit;
