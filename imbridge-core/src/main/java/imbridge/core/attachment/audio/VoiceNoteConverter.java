package imbridge.core.attachment.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an iMessage voice note (CAF holding Opus packets) into an Ogg Opus file Matrix clients play. A pure remux:
 * the packets are copied as they are, nothing is decoded. The Ogg serial number comes from a hash of the input, so
 * converting the same file again (a retry, a restart) gives identical bytes.
 *
 * <p>Pre-skip: an {@code OpusHead} magic cookie's if the CAF has one, else the packet table's priming frames, else
 * {@value #DEFAULT_PRE_SKIP} (the usual Opus encoder delay at 48 kHz). The packet table's remainder frames are
 * trimmed from the end through the last page's granule position (RFC 7845 §4.5).
 */
public final class VoiceNoteConverter {
    static final int DEFAULT_PRE_SKIP = 312;
    private static final int OGG_RATE = 48_000;

    private VoiceNoteConverter() {}

    /**
     * The Ogg Opus form of a CAF voice note; empty when the CAF holds another codec (AAC, PCM, ...) or a channel
     * layout Ogg Opus mapping family 0 cannot carry, so the original file is sent instead.
     *
     * @throws CafFormatException the file is not a readable CAF, or its packets are not valid Opus packets
     */
    public static Optional<ConvertedAudio> convert(byte[] caf) {
        CafAudio audio = CafReader.read(caf);
        if (!audio.isOpus() || audio.channels() > 2) {
            return Optional.empty();
        }
        List<byte[]> packets = audio.packets();
        if (packets.isEmpty()) {
            throw new CafFormatException("CAF Opus file holds no audio packets");
        }
        int[] samples = new int[packets.size()];
        long total = 0;
        for (int i = 0; i < samples.length; i++) {
            samples[i] = OpusPackets.samples(packets.get(i), i);
            total += samples[i];
        }
        int preSkip = preSkip(audio);
        if (preSkip >= total) {
            throw new CafFormatException(
                    "CAF Opus file is shorter (" + total + " samples) than its pre-skip (" + preSkip + ")");
        }
        long end = audio.remainderFrames() <= total - preSkip ? total - audio.remainderFrames() : total;
        OggOpusWriter.Head head = new OggOpusWriter.Head(audio.channels(), preSkip, Math.round(audio.sampleRate()));
        byte[] ogg = OggOpusWriter.write(serialOf(caf), head, packets, samples, end);
        return Optional.of(new ConvertedAudio(ogg, Math.round((end - preSkip) * 1000.0 / OGG_RATE)));
    }

    /** Whether an attachment is a CAF file: by MIME type, Apple's UTI or, failing those, the file name. */
    public static boolean isCaf(String mimeType, String uti, String filename) {
        return "audio/x-caf".equalsIgnoreCase(mimeType)
                || "com.apple.coreaudio-format".equals(uti)
                || (filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".caf"));
    }

    /** The converted file's name: {@code .caf} replaced by {@code .ogg} (added when the name has no such ending). */
    public static String oggFilename(String filename) {
        if (filename == null || filename.isBlank()) {
            return "Audio Message.ogg";
        }
        boolean caf = filename.toLowerCase(Locale.ROOT).endsWith(".caf");
        return (caf ? filename.substring(0, filename.length() - 4) : filename) + ".ogg";
    }

    private static int preSkip(CafAudio audio) {
        byte[] cookie = audio.magicCookie();
        if (cookie != null
                && cookie.length >= 12
                && "OpusHead".equals(new String(cookie, 0, 8, StandardCharsets.US_ASCII))) {
            return (cookie[10] & 0xFF) | (cookie[11] & 0xFF) << 8;
        }
        if (audio.primingFrames() > 0 && audio.primingFrames() <= 0xFFFF) {
            return audio.primingFrames();
        }
        return DEFAULT_PRE_SKIP;
    }

    /** The first four bytes of the input's SHA-256: stable across retries, different between files. */
    static int serialOf(byte[] caf) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(caf);
            return ByteBuffer.wrap(digest, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
