package imbridge.app.verify;

/**
 * The ground truth read one portal at a time: the account's shape ({@link TruthSummary}) is small and kept; each
 * portal's parts are loaded when that portal is compared, so the verifier never holds the whole account.
 */
public interface TruthSource {
    TruthSummary summary();

    /**
     * The portal with its parts, in the order they must appear.
     *
     * @throws IllegalArgumentException when the summary does not list it
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    ExpectedPortal portal(String portalId);
}
