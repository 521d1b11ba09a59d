package imbridge.applelocal.codec;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A structure-aware edit of a binary plist: the marker of one object (found through the trailer and the offset
 * table) is overwritten with a hostile header — a container, string or data object announcing 2^31 - 1 or 2^28
 * entries. Blind byte edits almost never land on an object's first byte; these always do.
 */
public record PlistObjectEdit(int object, byte[] header) {
    private static final int TRAILER = 32;

    /** Array, dictionary, set, ASCII string, UTF-16 string and data markers, each with a 4-byte count after. */
    private static final List<byte[]> HEADERS = List.of(
            new byte[] {(byte) 0xAF, 0x12, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {(byte) 0xDF, 0x12, 0x10, 0, 0, 0},
            new byte[] {(byte) 0xCF, 0x12, 0x10, 0, 0, 0},
            new byte[] {0x5F, 0x12, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {0x6F, 0x12, 0x10, 0, 0, 0},
            new byte[] {0x4F, 0x13, 0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {(byte) 0xAE},
            new byte[] {(byte) 0xD1, 0, 0});

    public static Arbitrary<PlistObjectEdit> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(HEADERS))
                .as(PlistObjectEdit::new);
    }

    /** The plist with the header written over object {@code object} (modulo the object count). */
    public byte[] apply(byte[] plist) {
        int trailer = plist.length - TRAILER;
        int offsetSize = plist[trailer + 6] & 0xFF;
        int objects = (int) Math.min(Integer.MAX_VALUE, number(plist, trailer + 8, 8));
        int table = (int) number(plist, trailer + 24, 8);
        int target = Math.floorMod(object, objects);
        int at = (int) number(plist, table + target * offsetSize, offsetSize);
        byte[] edited = plist.clone();
        System.arraycopy(header, 0, edited, at, Math.min(header.length, edited.length - at));
        return edited;
    }

    @Override
    public String toString() {
        return "PlistObjectEdit[object=" + object + ", header=" + HexFormat.of().formatHex(header) + "]";
    }

    private static long number(byte[] data, int from, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (data[from + i] & 0xFF);
        }
        return value;
    }
}
