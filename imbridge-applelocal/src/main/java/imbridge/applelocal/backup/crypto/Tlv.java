package imbridge.applelocal.backup.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tag-length-value item of Apple's keybag encoding: a 4-byte ASCII tag, a 4-byte big-endian length, then the
 * value. {@link #split} checks every length against the bytes left before copying, so a corrupt length can never
 * make it allocate more than the input's size.
 */
record Tlv(String tag, byte[] value) {

    static final int HEADER_SIZE = 8;

    static List<Tlv> split(byte[] blob) throws EncryptedBackupException {
        List<Tlv> items = new ArrayList<>();
        int offset = 0;
        while (offset < blob.length) {
            int remaining = blob.length - offset;
            if (remaining < HEADER_SIZE) {
                throw new EncryptedBackupException(
                        "keybag truncated: " + remaining + " stray bytes at offset " + offset);
            }
            String tag = new String(blob, offset, 4, StandardCharsets.ISO_8859_1);
            long length = Integer.toUnsignedLong(readBigEndianInt(blob, offset + 4));
            if (length > remaining - HEADER_SIZE) {
                throw new EncryptedBackupException("keybag item " + tag + " at offset " + offset + " claims " + length
                        + " bytes but only " + (remaining - HEADER_SIZE) + " remain");
            }
            int start = offset + HEADER_SIZE;
            byte[] value = Arrays.copyOfRange(blob, start, start + (int) length);
            items.add(new Tlv(tag, value));
            offset = start + (int) length;
        }
        return items;
    }

    /** The value as the 4-byte big-endian integer that numeric keybag tags hold. */
    int intValue() throws EncryptedBackupException {
        if (value.length != 4) {
            throw new EncryptedBackupException(
                    "keybag item " + tag + " should be a 4-byte integer, has " + value.length + " bytes");
        }
        return readBigEndianInt(value, 0);
    }

    private static int readBigEndianInt(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes, at, 4).getInt();
    }
}
