package imbridge.app.corpus;

import java.util.List;

/**
 * What a surface did with a case's input, in the terms of the corpus: the error it reported (null when none), the
 * reasons it quarantined records or events with, and the IDs of the data it let through.
 */
record Outcome(String error, List<String> quarantined, List<String> survivors) {
    Outcome {
        quarantined = List.copyOf(quarantined);
        survivors = List.copyOf(survivors);
    }

    static Outcome failed(Throwable e) {
        return new Outcome(describe(e), List.of(), List.of());
    }

    /** The exception's type and message, and its causes', so a case can name whichever says what went wrong. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 2_000; t = t.getCause()) {
            text.append(text.isEmpty() ? "" : " <- ")
                    .append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage());
        }
        return text.toString();
    }
}
