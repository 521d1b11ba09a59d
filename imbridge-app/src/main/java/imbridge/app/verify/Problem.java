package imbridge.app.verify;

/** The kinds of fault the verifier reports; {@link #label()} is the name used in JSON and text output. */
public enum Problem {
    MISSING("missing"),
    DUPLICATE("duplicate"),
    OUT_OF_ORDER("outOfOrder"),
    UNEXPECTED("unexpected"),
    MISMATCHED("mismatched");

    private final String label;

    Problem(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
