package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CafVoiceNoteTest {

    /** What a CAF reader sees: the desc format, the packets the pakt table cuts out of data, the chunk types. */
    private record Parsed(String format, int framesPerPacket, List<byte[]> packets, List<String> chunks) {}

    @Test
    void voiceNotesAreValidCafFilesOfTheirExactSizeWithTheTruthsPackets() throws Exception {
        int opus = 0;
        int aac = 0;
        for (int i = 0; i < 300; i++) {
            String recordName = "rec-" + i;
            int size = 256 + (int) ((48 * 1024 - 256) * (i / 299.0));
            byte[] bytes = AssetBytes.generate(11, recordName, "audio/x-caf", size);
            CafVoiceNote.OpusPackets truth = AssetBytes.opusPackets(11, recordName, "audio/x-caf", size);
            Parsed caf = parse(bytes);

            assertThat(bytes).hasSize(size);
            assertThat(caf.chunks()).containsExactly("desc", "pakt", "free", "data");
            if (caf.format().equals("opus")) {
                opus++;
                assertThat(caf.framesPerPacket()).isEqualTo(960);
                assertThat(truth).isNotNull();
                assertThat(caf.packets()).hasSize(truth.count());
                assertThat(truth.count()).isBetween(15, 250); // 0.3 s to 5 s of 20 ms packets
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                caf.packets().forEach(all::writeBytes);
                assertThat(HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(all.toByteArray())))
                        .isEqualTo(truth.sha256());
                assertThat(caf.packets()).allSatisfy(p -> {
                    assertThat(p.length).isBetween(3, 1275);
                    assertThat(p[0] & 0x07).as("mono, one frame").isZero();
                    assertThat(List.of(1, 5, 9, 13, 15, 19, 23, 27, 31)).contains((p[0] & 0xFF) >> 3);
                });
            } else {
                aac++;
                assertThat(caf.format()).isEqualTo("aac ");
                assertThat(truth).isNull();
            }
        }
        assertThat(aac).isBetween(20, 80);
        assertThat(opus).isGreaterThan(200);
        assertThat(AssetBytes.generate(11, "rec-7", "audio/x-caf", 5000))
                .isEqualTo(AssetBytes.generate(11, "rec-7", "audio/x-caf", 5000));
    }

    @Test
    void generatedRecordsCarryTheOpusTruthAndOtherFilesNone() {
        AttachmentRecord note = AttachmentRecord.generated(
                3, "voice", "g", "audio/x-caf", "com.apple.coreaudio-format", "Audio Message.caf", 4000);
        AttachmentRecord photo =
                AttachmentRecord.generated(3, "photo", "g2", "image/jpeg", "public.jpeg", "a.jpeg", 4000);

        assertThat(note.sha256()).isEqualTo(AssetBytes.sha256Hex(AssetBytes.generate(3, "voice", "audio/x-caf", 4000)));
        assertThat(note.opus()).isEqualTo(AssetBytes.opusPackets(3, "voice", "audio/x-caf", 4000));
        assertThat(photo.opus()).isNull();
    }

    private static Parsed parse(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(fourCc(in)).isEqualTo("caff");
        assertThat(in.getShort()).isEqualTo((short) 1);
        in.getShort();
        List<String> chunks = new ArrayList<>();
        String format = null;
        int framesPerPacket = 0;
        List<Integer> sizes = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        while (in.hasRemaining()) {
            String type = fourCc(in);
            long size = in.getLong();
            assertThat(size).isBetween(0L, (long) in.remaining());
            int end = in.position() + (int) size;
            chunks.add(type);
            switch (type) {
                case "desc" -> {
                    assertThat(in.getDouble()).isPositive();
                    format = fourCc(in);
                    in.getInt();
                    assertThat(in.getInt()).isZero(); // variable packet sizes
                    framesPerPacket = in.getInt();
                    assertThat(in.getInt()).isEqualTo(1);
                    in.getInt(); // bits per channel
                }
                case "pakt" -> {
                    long count = in.getLong();
                    in.getLong();
                    in.getInt();
                    in.getInt();
                    for (int i = 0; i < count; i++) {
                        int value = 0;
                        int b;
                        do {
                            b = in.get() & 0xFF;
                            value = value << 7 | (b & 0x7F);
                        } while ((b & 0x80) != 0);
                        sizes.add(value);
                    }
                }
                case "data" -> {
                    in.getInt(); // edit count
                    for (int s : sizes) {
                        byte[] p = new byte[s];
                        in.get(p);
                        packets.add(p);
                    }
                }
                default -> in.position(end);
            }
            assertThat(in.position()).as("chunk %s fully used", type).isEqualTo(end);
        }
        return new Parsed(format, framesPerPacket, packets, chunks);
    }

    private static String fourCc(ByteBuffer in) {
        byte[] b = new byte[4];
        in.get(b);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
