package imbridge.core.attachment.audio;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds CAF files for the tests, written from Apple's CAF specification (big-endian chunks). */
final class TestCaf {
    String format = "opus";
    int channels = 1;
    int framesPerPacket = 960;
    int priming;
    int remainder;
    byte[] cookie;
    List<byte[]> packets = new ArrayList<>();

    static TestCaf opus(List<byte[]> packets) {
        TestCaf caf = new TestCaf();
        caf.packets = packets;
        return caf;
    }

    /** Valid 20 ms mono Opus packets: varied TOC configurations, random payloads of 1..maxPayload bytes. */
    static List<byte[]> randomPackets(long seed, int count, int maxPayload) {
        int[] configs20ms = {1, 5, 9, 13, 15, 19, 23, 27, 31};
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[1 + 1 + rnd.nextInt(maxPayload)];
            rnd.nextBytes(p);
            p[0] = (byte) (configs20ms[rnd.nextInt(configs20ms.length)] << 3); // mono, code 0: one frame
            out.add(p);
        }
        return out;
    }

    byte[] build() {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(file);
            out.writeBytes("caff");
            out.writeShort(1);
            out.writeShort(0);
            ByteArrayOutputStream desc = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(desc);
            d.writeDouble(48_000);
            d.write(format.getBytes(StandardCharsets.US_ASCII));
            d.writeInt(0); // flags
            d.writeInt(0); // bytes per packet: variable
            d.writeInt(framesPerPacket);
            d.writeInt(channels);
            d.writeInt(0); // bits per channel
            chunk(out, "desc", desc.toByteArray());
            if (cookie != null) {
                chunk(out, "kuki", cookie);
            }
            ByteArrayOutputStream pakt = new ByteArrayOutputStream();
            DataOutputStream p = new DataOutputStream(pakt);
            p.writeLong(packets.size());
            p.writeLong((long) packets.size() * 960 - priming - remainder);
            p.writeInt(priming);
            p.writeInt(remainder);
            for (byte[] packet : packets) {
                varint(pakt, packet.length);
                if (framesPerPacket == 0) {
                    varint(pakt, 960);
                }
            }
            chunk(out, "pakt", pakt.toByteArray());
            chunk(out, "free", new byte[7]);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.write(new byte[4]); // edit count
            packets.forEach(data::writeBytes);
            chunk(out, "data", data.toByteArray());
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        out.writeBytes(type);
        out.writeLong(body.length);
        out.write(body);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while (groups < 9 && value >>> (7 * groups) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int bits = (int) (value >>> (7 * g)) & 0x7F;
            out.write(g == 0 ? bits : bits | 0x80);
        }
    }
}
