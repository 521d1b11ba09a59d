package imbridge.applelocal.backup.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes keybag TLV items: 4-byte ASCII tag, 4-byte big-endian length, value. */
final class TlvBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TlvBytes item(String tag, byte[] value) {
        out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
        return this;
    }

    TlvBytes item(String tag, int value) {
        return item(tag, ByteBuffer.allocate(4).putInt(value).array());
    }

    /** A header whose length field is whatever the caller says, whether or not the bytes follow. */
    TlvBytes header(String tag, int claimedLength) {
        out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(claimedLength).array());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
