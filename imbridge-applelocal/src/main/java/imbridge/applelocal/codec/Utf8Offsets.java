package imbridge.applelocal.codec;

/**
 * Converts UTF-16 offsets of a string (Java indices, Apple's run lengths) into UTF-8 byte offsets (what the
 * public test data reports), in one pass over the text.
 */
final class Utf8Offsets {
    private final int[] byteOffsets;

    Utf8Offsets(String text) {
        byteOffsets = new int[text.length() + 1];
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            byteOffsets[i] = bytes;
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                // A pair is 4 bytes; an offset between its halves (only in odd blobs) maps to its start.
                byteOffsets[i + 1] = bytes;
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        byteOffsets[text.length()] = bytes;
    }

    /** The UTF-8 byte offset of UTF-16 offset {@code utf16}, clamped to the text. */
    int at(int utf16) {
        return byteOffsets[Math.clamp(utf16, 0, byteOffsets.length - 1)];
    }
}
