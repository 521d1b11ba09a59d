package imbridge.sim.cloudkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A structurally valid iMessage voice note of an exact size: a CAF file (Apple's Core Audio Format: {@code desc},
 * {@code pakt} with variable-length sizes, a {@code free} chunk that takes up the slack, {@code data}) holding
 * 20 ms mono Opus packets at 48 kHz with varied TOC configurations and pseudo-random payloads, 0.3 s to 5 s long.
 * A share of them ({@value #AAC_SHARE}) declare AAC instead, as older voice notes do: a bridge cannot remux those
 * and must send them as they are.
 */
final class CafVoiceNote {
    static final double AAC_SHARE = 0.15;
    /** Header, desc, pakt header, free and data headers: what a note costs before its first packet. */
    static final int OVERHEAD = 8 + (12 + 32) + (12 + 24) + 12 + (12 + 4);

    private static final int[] TOC_CONFIGS_20MS = {1, 5, 9, 13, 15, 19, 23, 27, 31}; // SILK, hybrid, CELT
    private static final int PRIMING = 312;
    private static final int MIN_PACKETS = 15;
    private static final int MAX_PACKETS = 250;
    private static final int MAX_AVERAGE_PACKET = 600;
    /** The least a packet takes: a TOC byte, two payload bytes and up to two bytes in the packet table. */
    private static final int PACKET_COST = 5;

    /**
     * The truth a verifier checks a remux against.
     *
     * @param count  Opus packets in the note
     * @param sha256 hex SHA-256 of the packets concatenated in order
     */
    record OpusPackets(int count, String sha256) {}

    /** @param opus the packets' truth; null for an AAC note */
    record Note(byte[] bytes, OpusPackets opus) {}

    private CafVoiceNote() {}

    /** Whether {@code size} bytes can hold a note of at least {@value #MIN_PACKETS} packets. */
    static boolean fits(int size) {
        return size - OVERHEAD >= MIN_PACKETS * PACKET_COST;
    }

    static Note generate(SplitMix64 rnd, int size) {
        if (!fits(size)) {
            throw new IllegalArgumentException(
                    "a voice note needs at least " + (OVERHEAD + MIN_PACKETS * PACKET_COST) + " bytes, not " + size);
        }
        boolean opus = !rnd.chance(AAC_SHARE);
        int budget = size - OVERHEAD;
        int lowest = Math.max(MIN_PACKETS, (budget + MAX_AVERAGE_PACKET - 1) / MAX_AVERAGE_PACKET);
        int highest = Math.max(lowest, Math.min(MAX_PACKETS, budget / PACKET_COST));
        int count = rnd.nextInt(lowest, highest);
        int[] sizes = packetSizes(rnd, count, budget - 2 * count); // each size costs at most 2 varint bytes

        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(ascii("caff")).putShort((short) 1).putShort((short) 0);
        out.put(ascii("desc"))
                .putLong(32)
                .putDouble(opus ? 48_000 : 44_100)
                .put(ascii(opus ? "opus" : "aac "))
                .putInt(0)
                .putInt(0)
                .putInt(opus ? 960 : 1024)
                .putInt(1)
                .putInt(0);
        int table = 0;
        for (int s : sizes) {
            table += s < 128 ? 1 : 2;
        }
        int frames = opus ? 960 : 1024;
        int remainder = rnd.nextInt(frames);
        out.put(ascii("pakt"))
                .putLong(24 + table)
                .putLong(count)
                .putLong((long) count * frames - PRIMING - remainder)
                .putInt(PRIMING)
                .putInt(remainder);
        for (int s : sizes) {
            if (s >= 128) {
                out.put((byte) (0x80 | s >>> 7));
            }
            out.put((byte) (s & 0x7F));
        }
        int payload = 0;
        for (int s : sizes) {
            payload += s;
        }
        int slack = budget - table - payload;
        out.put(ascii("free")).putLong(slack).put(new byte[slack]);
        out.put(ascii("data")).putLong(4 + payload).putInt(0);
        MessageDigest sha = AssetBytes.sha256Digest();
        for (int s : sizes) {
            byte[] packet = new byte[s];
            rnd.nextBytes(packet, 1);
            packet[0] =
                    (byte) (TOC_CONFIGS_20MS[rnd.nextInt(TOC_CONFIGS_20MS.length)] << 3); // mono, one frame (code 0)
            if (!opus) {
                packet[0] = (byte) rnd.nextInt(256);
            }
            sha.update(packet);
            out.put(packet);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("voice note layout left " + out.remaining() + " bytes unfilled");
        }
        OpusPackets truth =
                opus ? new OpusPackets(count, java.util.HexFormat.of().formatHex(sha.digest())) : null;
        return new Note(out.array(), truth);
    }

    /** {@code count} sizes of at least 3 bytes (TOC and payload), varied ±50 % around their share of {@code total}. */
    private static int[] packetSizes(SplitMix64 rnd, int count, int total) {
        double[] weights = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = 0.5 + rnd.nextDouble();
            sum += weights[i];
        }
        int[] sizes = new int[count];
        int spare = total - 3 * count;
        for (int i = 0; i < count; i++) {
            sizes[i] = 3 + (int) Math.floor(weights[i] / sum * spare);
        }
        return sizes;
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(StandardCharsets.US_ASCII);
    }
}
