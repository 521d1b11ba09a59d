package imbridge.core.attachment.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** An independent Ogg reader for the tests (RFC 3533), with a bit-by-bit CRC, to check what the writer made. */
final class OggTestReader {
    record Page(
            int flags, long granule, int serial, int sequence, List<Integer> lacing, boolean crcOk, int packetsEnded) {}

    final List<Page> pages = new ArrayList<>();
    final List<byte[]> packets = new ArrayList<>();

    OggTestReader(byte[] ogg) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int at = 0;
        while (at < ogg.length) {
            if (ogg[at] != 'O' || ogg[at + 1] != 'g' || ogg[at + 2] != 'g' || ogg[at + 3] != 'S') {
                throw new AssertionError("no capture pattern at " + at);
            }
            int segments = ogg[at + 26] & 0xFF;
            List<Integer> lacing = new ArrayList<>();
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) {
                int v = ogg[at + 27 + i] & 0xFF;
                lacing.add(v);
                bodyLength += v;
            }
            int length = 27 + segments + bodyLength;
            byte[] page = java.util.Arrays.copyOfRange(ogg, at, at + length);
            long storedCrc = le(page, 22, 4);
            page[22] = page[23] = page[24] = page[25] = 0;
            boolean crcOk = bitwiseCrc(page) == storedCrc;
            int body = at + 27 + segments;
            int ended = 0;
            for (int v : lacing) {
                packet.write(ogg, body, v);
                body += v;
                if (v < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                    ended++;
                }
            }
            pages.add(new Page(
                    ogg[at + 5],
                    le(ogg, at + 6, 8),
                    (int) le(ogg, at + 14, 4),
                    (int) le(ogg, at + 18, 4),
                    lacing,
                    crcOk,
                    ended));
            at += length;
        }
        if (packet.size() > 0) {
            throw new AssertionError("stream ends inside a packet");
        }
    }

    static long le(byte[] b, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    /** CRC-32, polynomial 0x04C11DB7, MSB first, init 0, no final XOR: one bit at a time. */
    static long bitwiseCrc(byte[] data) {
        long crc = 0;
        for (byte b : data) {
            crc ^= (long) (b & 0xFF) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000_0000L) != 0 ? ((crc << 1) ^ 0x04C1_1DB7L) : crc << 1;
                crc &= 0xFFFF_FFFFL;
            }
        }
        return crc;
    }
}
