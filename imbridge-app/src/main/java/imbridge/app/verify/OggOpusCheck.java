package imbridge.app.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks a delivered voice message: an Ogg stream (RFC 3533: capture patterns, page CRCs, one serial number,
 * consecutive page numbers, BOS first and EOS last) holding Ogg Opus (RFC 7845: {@code OpusHead}, {@code OpusTags},
 * then audio packets) whose audio packets hash to the voice note's. Written for the verifier alone.
 */
final class OggOpusCheck {
    private static final int HEADER = 27;

    private OggOpusCheck() {}

    /** Null when the stream is valid Ogg Opus carrying the expected packets (any, when unknown); else what is wrong. */
    static String problem(byte[] ogg, ExpectedPart.OpusPackets expected) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int packets = 0; // complete packets, headers included
        int serial = 0;
        int at = 0;
        for (int page = 0; at < ogg.length; page++) {
            if (ogg.length - at < HEADER
                    || ogg[at] != 'O'
                    || ogg[at + 1] != 'g'
                    || ogg[at + 2] != 'g'
                    || ogg[at + 3] != 'S') {
                return "not Ogg: no page at offset " + at;
            }
            int segments = ogg[at + 26] & 0xFF;
            int body = at + HEADER + segments;
            if (body > ogg.length) {
                return "Ogg page " + page + " is truncated";
            }
            int length = 0;
            for (int i = 0; i < segments; i++) {
                length += ogg[at + HEADER + i] & 0xFF;
            }
            if (body + length > ogg.length) {
                return "Ogg page " + page + " is truncated";
            }
            int flags = ogg[at + 5];
            int pageSerial = (int) le(ogg, at + 14, 4);
            if (page == 0) {
                serial = pageSerial;
            }
            String header = pageProblem(ogg, at, body + length - at, page, flags, pageSerial, serial);
            if (header != null) {
                return header;
            }
            if (((flags & 0x01) != 0) != (packet.size() > 0)) {
                return "Ogg page " + page + " continuation flag does not match the packet before it";
            }
            boolean last = body + length == ogg.length;
            if (last != ((flags & 0x04) != 0)) {
                return last ? "last Ogg page lacks the EOS flag" : "Ogg page " + page + " has EOS before the end";
            }
            for (int i = 0; i < segments; i++) {
                int lace = ogg[at + HEADER + i] & 0xFF;
                packet.write(ogg, body, lace);
                body += lace;
                if (lace < 255) {
                    String bad = packet(packet.toByteArray(), packets, sha);
                    if (bad != null) {
                        return bad;
                    }
                    packets++;
                    packet.reset();
                }
            }
            at = body;
        }
        if (packet.size() > 0) {
            return "Ogg stream ends inside a packet";
        }
        if (packets < 3) {
            return "Ogg Opus stream has no audio packets";
        }
        int audio = packets - 2;
        String actual = HexFormat.of().formatHex(sha.digest());
        if (expected.known() && audio != expected.count()) {
            return "Ogg Opus carries " + audio + " packets, the voice note has " + expected.count();
        }
        if (expected.known() && !actual.equalsIgnoreCase(expected.sha256())) {
            return "Ogg Opus packets sha256 " + actual + " ≠ the voice note's " + expected.sha256();
        }
        return null;
    }

    private static String pageProblem(byte[] ogg, int at, int length, int page, int flags, int pageSerial, int serial) {
        if (ogg[at + 4] != 0) {
            return "Ogg page " + page + " has version " + ogg[at + 4];
        }
        if (pageSerial != serial) {
            return "Ogg page " + page + " belongs to another stream";
        }
        if (le(ogg, at + 18, 4) != page) {
            return "Ogg page " + page + " has sequence number " + le(ogg, at + 18, 4);
        }
        if (((flags & 0x02) != 0) != (page == 0)) {
            return page == 0 ? "first Ogg page lacks the BOS flag" : "Ogg page " + page + " has BOS";
        }
        long stored = le(ogg, at + 22, 4);
        if (crc(ogg, at, length) != stored) {
            return "Ogg page " + page + " CRC mismatch";
        }
        return null;
    }

    /** The identification and comment headers first (RFC 7845 §5), then audio packets into the hash. */
    private static String packet(byte[] p, int index, MessageDigest sha) {
        if (index == 0) {
            if (p.length < 19 || !"OpusHead".equals(ascii(p, 8)) || p[8] != 1 || p[9] < 1) {
                return "first Ogg packet is not an OpusHead";
            }
        } else if (index == 1) {
            if (p.length < 16 || !"OpusTags".equals(ascii(p, 8))) {
                return "second Ogg packet is not OpusTags";
            }
        } else {
            if (p.length == 0) {
                return "Ogg Opus audio packet " + (index - 2) + " is empty";
            }
            sha.update(p);
        }
        return null;
    }

    /** CRC-32 of the page with its checksum field taken as zero: polynomial 0x04C11DB7, MSB first, no XOR. */
    private static long crc(byte[] ogg, int at, int length) {
        long crc = 0;
        for (int i = 0; i < length; i++) {
            int b = i >= 22 && i < 26 ? 0 : ogg[at + i] & 0xFF;
            crc ^= (long) b << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000_0000L) != 0 ? (crc << 1) ^ 0x04C1_1DB7L : crc << 1;
            }
            crc &= 0xFFFF_FFFFL;
        }
        return crc;
    }

    private static String ascii(byte[] p, int n) {
        return new String(p, 0, n, StandardCharsets.US_ASCII);
    }

    private static long le(byte[] b, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
