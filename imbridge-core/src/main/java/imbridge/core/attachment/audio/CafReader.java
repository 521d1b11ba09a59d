package imbridge.core.attachment.audio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Core Audio Format file (Apple's CAF specification): the {@code caff} header, then the chunks
 * {@code desc} (stream description), {@code pakt} (packet table with variable-length integers), {@code data}
 * (after its 4-byte edit count) and {@code kuki} (magic cookie) if present; other chunks are skipped. All numbers
 * are big-endian. Bad input is refused with a {@link CafFormatException} that says what is wrong and where.
 */
public final class CafReader {
    private static final int FILE_HEADER = 8;
    private static final int CHUNK_HEADER = 12;
    private static final int DESC_SIZE = 32;
    private static final int PAKT_HEADER = 24;
    /** Larger than any real voice note's packet; bounds what a corrupt table can make us allocate. */
    private static final int MAX_PACKETS = 10_000_000;

    private final byte[] in;

    private CafReader(byte[] in) {
        this.in = in;
    }

    public static CafAudio read(byte[] caf) {
        if (caf == null) {
            throw new CafFormatException("not a CAF file: no data");
        }
        return new CafReader(caf).read();
    }

    private CafAudio read() {
        if (in.length < FILE_HEADER || !"caff".equals(fourCc(0))) {
            throw new CafFormatException("not a CAF file: it does not start with 'caff' (" + in.length + " bytes)");
        }
        int version = u16(4);
        if (version != 1) {
            throw new CafFormatException("unsupported CAF version " + version + " (expected 1)");
        }
        Desc desc = null;
        int paktAt = -1;
        long paktSize = 0;
        int dataAt = -1;
        long dataSize = 0;
        byte[] cookie = null;
        int at = FILE_HEADER;
        while (at < in.length) {
            if (in.length - at < CHUNK_HEADER) {
                throw new CafFormatException("truncated CAF: chunk header at offset " + at + " needs " + CHUNK_HEADER
                        + " bytes, " + (in.length - at) + " left");
            }
            String type = fourCc(at);
            long size = s64(at + 4);
            int body = at + CHUNK_HEADER;
            long available = in.length - body;
            if (size == -1 && "data".equals(type)) {
                size = available; // a data chunk of unknown size runs to the end of the file
            }
            if (size < 0 || size > available) {
                throw new CafFormatException("truncated CAF: chunk '" + type + "' at offset " + at + " declares " + size
                        + " bytes, " + available + " left");
            }
            switch (type) {
                case "desc" -> desc = desc(body, size);
                case "pakt" -> {
                    paktAt = body;
                    paktSize = size;
                }
                case "data" -> {
                    if (size < 4) {
                        throw new CafFormatException(
                                "CAF 'data' chunk too small for its edit count: " + size + " bytes");
                    }
                    dataAt = body + 4;
                    dataSize = size - 4;
                }
                case "kuki" -> cookie = java.util.Arrays.copyOfRange(in, body, body + (int) size);
                default -> {
                    // other chunks (chan, free, info, ...) carry nothing a remux needs
                }
            }
            at = body + (int) size;
        }
        if (desc == null) {
            throw new CafFormatException("CAF file has no 'desc' chunk");
        }
        if (dataAt < 0) {
            throw new CafFormatException("CAF file has no 'data' chunk");
        }
        Packets packets = packets(desc, paktAt, paktSize, dataAt, dataSize);
        return new CafAudio(
                desc.formatId,
                desc.sampleRate,
                desc.channels,
                desc.framesPerPacket,
                packets.priming,
                packets.remainder,
                cookie,
                packets.list);
    }

    private record Desc(double sampleRate, String formatId, int bytesPerPacket, int framesPerPacket, int channels) {}

    private record Packets(List<byte[]> list, int priming, int remainder) {}

    private Desc desc(int at, long size) {
        if (size < DESC_SIZE) {
            throw new CafFormatException("CAF 'desc' chunk has " + size + " bytes, expected " + DESC_SIZE);
        }
        double rate = Double.longBitsToDouble(s64(at));
        String format = fourCc(at + 8);
        long bytesPerPacket = u32(at + 16);
        long framesPerPacket = u32(at + 20);
        long channels = u32(at + 24);
        if (!(rate > 0)
                || channels < 1
                || channels > 255
                || bytesPerPacket > Integer.MAX_VALUE
                || framesPerPacket > Integer.MAX_VALUE) {
            throw new CafFormatException("CAF 'desc' chunk is invalid: sample rate " + rate + ", " + channels
                    + " channels, " + bytesPerPacket + " bytes and " + framesPerPacket + " frames per packet");
        }
        return new Desc(rate, format, (int) bytesPerPacket, (int) framesPerPacket, (int) channels);
    }

    private Packets packets(Desc desc, int paktAt, long paktSize, int dataAt, long dataSize) {
        List<byte[]> list = new ArrayList<>();
        if (paktAt < 0) {
            if (desc.bytesPerPacket == 0) {
                throw new CafFormatException("CAF file with variable-size packets has no 'pakt' chunk");
            }
            for (long off = 0; off + desc.bytesPerPacket <= dataSize; off += desc.bytesPerPacket) {
                int start = (int) (dataAt + off);
                list.add(java.util.Arrays.copyOfRange(in, start, start + desc.bytesPerPacket));
            }
            return new Packets(list, 0, 0);
        }
        if (paktSize < PAKT_HEADER) {
            throw new CafFormatException("CAF 'pakt' chunk has " + paktSize + " bytes, needs at least " + PAKT_HEADER);
        }
        long count = s64(paktAt);
        int priming = s32(paktAt + 16);
        int remainder = s32(paktAt + 20);
        if (count < 0 || count > MAX_PACKETS || priming < 0 || remainder < 0) {
            throw new CafFormatException("CAF 'pakt' chunk is invalid: " + count + " packets, " + priming
                    + " priming and " + remainder + " remainder frames");
        }
        int[] cursor = {paktAt + PAKT_HEADER};
        int tableEnd = (int) (paktAt + paktSize);
        long offset = 0;
        for (int i = 0; i < count; i++) {
            long size = desc.bytesPerPacket != 0 ? desc.bytesPerPacket : varint(cursor, tableEnd, i);
            if (desc.framesPerPacket == 0) {
                varint(cursor, tableEnd, i); // per-packet frame counts: the Opus TOC says the same
            }
            if (size > dataSize - offset) {
                throw new CafFormatException("truncated CAF: packet " + i + " of " + count + " (" + size
                        + " bytes at data offset " + offset + ") runs past the 'data' chunk (" + dataSize + " bytes)");
            }
            int start = (int) (dataAt + offset);
            list.add(java.util.Arrays.copyOfRange(in, start, start + (int) size));
            offset += size;
        }
        return new Packets(list, priming, remainder);
    }

    /** A CAF variable-length integer: 7 bits a byte, most significant group first, high bit = more follow. */
    private long varint(int[] cursor, int end, int packet) {
        long value = 0;
        for (int n = 0; n < 9; n++) {
            if (cursor[0] >= end) {
                throw new CafFormatException("truncated CAF: 'pakt' table ends inside the entry of packet " + packet);
            }
            int b = in[cursor[0]++] & 0xFF;
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CafFormatException(
                "CAF 'pakt' entry of packet " + packet + " is not a valid variable-length integer");
    }

    private String fourCc(int at) {
        return new String(in, at, 4, StandardCharsets.ISO_8859_1);
    }

    private int u16(int at) {
        return ((in[at] & 0xFF) << 8) | (in[at + 1] & 0xFF);
    }

    private int s32(int at) {
        return ((in[at] & 0xFF) << 24) | ((in[at + 1] & 0xFF) << 16) | ((in[at + 2] & 0xFF) << 8) | (in[at + 3] & 0xFF);
    }

    private long u32(int at) {
        return s32(at) & 0xFFFF_FFFFL;
    }

    private long s64(int at) {
        return ((long) s32(at) << 32) | u32(at + 4);
    }
}
