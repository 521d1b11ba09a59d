/**
 * The verifier: proves a bridge run correct from the outside, comparing the simulator's ground truth
 * ({@link imbridge.app.verify.TruthClient}) with the events a homeserver holds. It never reads the bridge's
 * database and shares no code with the bridge (the ghost localpart codec is re-implemented here on purpose).
 *
 * <p>Readers ({@link imbridge.app.verify.DeliveredReader}, {@link imbridge.app.verify.MediaFetcher}) adapt one
 * way of reaching a homeserver: the double's inspection API ({@link imbridge.app.verify.DoubleInspectionReader}) or
 * the standard Client-Server API of any homeserver ({@link imbridge.app.verify.ClientServerReader},
 * {@link imbridge.app.verify.ClientServerMediaFetcher}); {@link imbridge.app.verify.ComparisonCore} holds every rule;
 * {@link imbridge.app.verify.ReportJson} and {@link imbridge.app.verify.ReportPrinter} render the
 * {@link imbridge.app.verify.VerificationReport}. {@link imbridge.app.verify.Verifier} wires one reader to the core.
 */
package imbridge.app.verify;
