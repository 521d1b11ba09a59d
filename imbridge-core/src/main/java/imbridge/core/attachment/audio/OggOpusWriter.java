package imbridge.core.attachment.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes Opus packets as an Ogg Opus stream (RFC 7845 over RFC 3533): an {@code OpusHead} page (BOS), an
 * {@code OpusTags} page, then audio pages of at most {@value #MAX_PACKETS_PER_PAGE} packets (about a second of
 * 20 ms packets) and 255 lacing values, each stamped with the 48 kHz sample count of the packets completed on it;
 * the last page carries the end-trimmed granule position and the EOS flag. No clock or randomness: the same
 * input gives the same bytes.
 */
final class OggOpusWriter {
    static final int MAX_PACKETS_PER_PAGE = 50;
    static final String VENDOR = "imbridge";
    private static final int MAX_SEGMENTS = 255;
    private static final int FLAG_CONTINUED = 0x01;
    private static final int FLAG_BOS = 0x02;
    private static final int FLAG_EOS = 0x04;

    /** The stream's identification header fields (RFC 7845 §5.1, channel mapping family 0). */
    record Head(int channels, int preSkip, long inputSampleRate) {
        Head {
            if (channels < 1 || channels > 2) {
                throw new IllegalArgumentException("mapping family 0 carries 1 or 2 channels, not " + channels);
            }
            if (preSkip < 0 || preSkip > 0xFFFF) {
                throw new IllegalArgumentException("pre-skip out of range: " + preSkip);
            }
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int serial;
    private int sequence;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] lacing = new byte[MAX_SEGMENTS];
    private int segments;
    private int packetsEnded;
    private long granule = -1;
    private boolean continued;

    private OggOpusWriter(int serial) {
        this.serial = serial;
    }

    /**
     * @param samples      48 kHz samples of each packet (same order as {@code packets})
     * @param lastGranule  granule position of the last page: total samples including pre-skip, minus the end trim
     */
    static byte[] write(int serial, Head head, List<byte[]> packets, int[] samples, long lastGranule) {
        if (packets.isEmpty()) {
            throw new IllegalArgumentException("an Ogg Opus stream needs at least one audio packet");
        }
        OggOpusWriter w = new OggOpusWriter(serial);
        w.packet(opusHead(head), 0);
        w.flush(FLAG_BOS);
        w.packet(opusTags(), 0);
        w.flush(0);
        long total = 0;
        for (int i = 0; i < packets.size(); i++) {
            byte[] packet = packets.get(i);
            if (w.packetsEnded > 0
                    && (w.packetsEnded == MAX_PACKETS_PER_PAGE || w.segments + lacingValues(packet) > MAX_SEGMENTS)) {
                w.flush(0);
            }
            total += samples[i];
            w.packet(packet, total);
        }
        w.granule = lastGranule;
        w.flush(FLAG_EOS);
        return w.out.toByteArray();
    }

    private static int lacingValues(byte[] packet) {
        return packet.length / 255 + 1;
    }

    /** Appends a packet to the current page; one too long for the page goes on in continued pages. */
    private void packet(byte[] packet, long granuleAfter) {
        int offset = 0;
        while (true) {
            if (segments == MAX_SEGMENTS) {
                flush(0);
                continued = offset > 0;
            }
            int chunk = Math.min(255, packet.length - offset);
            lacing[segments++] = (byte) chunk;
            body.write(packet, offset, chunk);
            offset += chunk;
            if (chunk < 255) {
                break;
            }
        }
        packetsEnded++;
        granule = granuleAfter;
    }

    private void flush(int flags) {
        byte[] page = new byte[27 + segments + body.size()];
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[5] = (byte) (flags | (continued ? FLAG_CONTINUED : 0));
        putLe(page, 6, packetsEnded == 0 ? -1 : granule, 8); // no packet ends here: granule -1 (RFC 3533)
        putLe(page, 14, serial, 4);
        putLe(page, 18, sequence++, 4);
        page[26] = (byte) segments;
        System.arraycopy(lacing, 0, page, 27, segments);
        System.arraycopy(body.toByteArray(), 0, page, 27 + segments, body.size());
        putLe(page, 22, OggCrc.of(page, 0, page.length), 4);
        out.writeBytes(page);
        body.reset();
        segments = 0;
        packetsEnded = 0;
        continued = false;
    }

    private static byte[] opusHead(Head head) {
        byte[] h = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        h[8] = 1; // version
        h[9] = (byte) head.channels();
        putLe(h, 10, head.preSkip(), 2);
        putLe(h, 12, head.inputSampleRate(), 4);
        // output gain 0 (bytes 16-17), channel mapping family 0 (byte 18)
        return h;
    }

    private static byte[] opusTags() {
        byte[] vendor = VENDOR.getBytes(StandardCharsets.UTF_8);
        byte[] t = new byte[8 + 4 + vendor.length + 4];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, t, 0, 8);
        putLe(t, 8, vendor.length, 4);
        System.arraycopy(vendor, 0, t, 12, vendor.length);
        // user comment list length 0 (last 4 bytes)
        return t;
    }

    private static void putLe(byte[] b, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
