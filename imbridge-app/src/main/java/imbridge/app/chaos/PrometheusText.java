package imbridge.app.chaos;

/** The few sums the runner needs from a Prometheus text exposition (format 0.0.4). */
final class PrometheusText {
    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /**
     * The sum of every sample of {@code name} (all label sets), or of those whose labels contain {@code label}
     * (e.g. {@code outcome="ok"}) when it is not null; 0 when there is none.
     */
    long sum(String name, String label) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            if (!(rest.startsWith("{") || rest.startsWith(" "))) {
                continue; // another metric whose name starts with this one
            }
            int close = rest.startsWith("{") ? rest.indexOf('}') : -1;
            String labels = close < 0 ? "" : rest.substring(0, close + 1);
            if (label != null && !labels.contains(label)) {
                continue;
            }
            String[] fields = rest.substring(close + 1).trim().split("\\s+");
            try {
                total += Double.parseDouble(fields[0]);
            } catch (NumberFormatException e) {
                // NaN or garbage: not a count
            }
        }
        return Math.round(total);
    }
}
