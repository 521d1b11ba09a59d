package imbridge.matrix;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Matrix spec version {@code v1.11}; legacy {@code r0.x} versions count as below {@code v1.0}. */
record SpecVersion(int major, int minor) {
    private static final Pattern FORMAT = Pattern.compile("v(\\d{1,4})\\.(\\d{1,4})");

    static Optional<SpecVersion> parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        return m.matches()
                ? Optional.of(new SpecVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }
}
