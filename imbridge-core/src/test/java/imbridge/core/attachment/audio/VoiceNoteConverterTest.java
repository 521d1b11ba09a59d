package imbridge.core.attachment.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceNoteConverterTest {
    private static final byte[] CELT_SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

    @Test
    void packetsRoundTripExactlyInPagesWithValidCrcsAndGranules() {
        List<byte[]> packets = TestCaf.randomPackets(1, 137, 600); // some span several lacing values
        TestCaf caf = TestCaf.opus(packets);
        caf.remainder = 500;

        ConvertedAudio converted = VoiceNoteConverter.convert(caf.build()).orElseThrow();
        OggTestReader ogg = new OggTestReader(converted.ogg());

        assertThat(ogg.pages)
                .allSatisfy(p ->
                        assertThat(p.crcOk()).as("CRC of page %d", p.sequence()).isTrue());
        assertThat(ogg.pages)
                .extracting(OggTestReader.Page::sequence)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, ogg.pages.size())
                        .boxed()
                        .toList());
        assertThat(ogg.pages)
                .extracting(OggTestReader.Page::serial)
                .containsOnly(ogg.pages.getFirst().serial());
        assertThat(ogg.pages.getFirst().flags()).isEqualTo(0x02); // BOS, OpusHead alone
        assertThat(ogg.pages.getFirst().packetsEnded()).isEqualTo(1);
        assertThat(ogg.pages.get(1).packetsEnded()).isEqualTo(1); // OpusTags alone
        assertThat(ogg.pages.getLast().flags() & 0x04).isEqualTo(0x04);
        assertThat(ogg.pages.subList(0, ogg.pages.size() - 1))
                .allSatisfy(p -> assertThat(p.flags() & 0x04).isZero());
        assertThat(ogg.pages.subList(2, ogg.pages.size())).allSatisfy(p -> {
            assertThat(p.packetsEnded()).isBetween(1, OggOpusWriter.MAX_PACKETS_PER_PAGE);
            assertThat(p.lacing()).hasSizeLessThanOrEqualTo(255);
        });

        byte[] head = ogg.packets.getFirst();
        assertThat(new String(head, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        assertThat(head[9]).isEqualTo((byte) 1);
        assertThat(OggTestReader.le(head, 10, 2)).isEqualTo(VoiceNoteConverter.DEFAULT_PRE_SKIP);
        assertThat(OggTestReader.le(head, 12, 4)).isEqualTo(48_000);
        assertThat(new String(ogg.packets.get(1), 0, 8, StandardCharsets.US_ASCII))
                .isEqualTo("OpusTags");
        List<byte[]> audio = ogg.packets.subList(2, ogg.packets.size());
        assertThat(audio).hasSize(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            assertThat(audio.get(i)).as("packet %d", i).isEqualTo(packets.get(i));
        }

        long total = 137L * 960;
        long cumulative = 0;
        int packetIndex = 0;
        for (OggTestReader.Page page : ogg.pages.subList(2, ogg.pages.size() - 1)) {
            packetIndex += page.packetsEnded();
            cumulative = packetIndex * 960L;
            assertThat(page.granule()).isEqualTo(cumulative);
        }
        // RFC 7845 §4.5: the last page's granule is the total sample count less the end trim
        assertThat(ogg.pages.getLast().granule()).isEqualTo(total - 500);
        assertThat(converted.durationMs()).isEqualTo(Math.round((total - 500 - 312) / 48.0));
    }

    @Test
    void sameInputGivesIdenticalBytesAndAnotherFileAnotherSerial() {
        byte[] caf = TestCaf.opus(TestCaf.randomPackets(2, 40, 80)).build();
        byte[] other = TestCaf.opus(TestCaf.randomPackets(3, 40, 80)).build();

        byte[] first = VoiceNoteConverter.convert(caf).orElseThrow().ogg();
        byte[] again = VoiceNoteConverter.convert(caf.clone()).orElseThrow().ogg();

        assertThat(again).isEqualTo(first);
        assertThat(new OggTestReader(first).pages.getFirst().serial())
                .isEqualTo(VoiceNoteConverter.serialOf(caf))
                .isNotEqualTo(new OggTestReader(
                                VoiceNoteConverter.convert(other).orElseThrow().ogg())
                        .pages
                        .getFirst()
                        .serial());
    }

    @Test
    void silencePacketsMakeAOneSecondNoteWithTheCafsPrimingAsPreSkip() {
        List<byte[]> silence = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            silence.add(CELT_SILENCE);
        }
        TestCaf caf = TestCaf.opus(silence);
        caf.priming = 480;

        ConvertedAudio converted = VoiceNoteConverter.convert(caf.build()).orElseThrow();
        OggTestReader ogg = new OggTestReader(converted.ogg());

        assertThat(OggTestReader.le(ogg.packets.getFirst(), 10, 2)).isEqualTo(480);
        assertThat(ogg.pages).hasSize(3); // head, tags, one page of 50 packets
        assertThat(ogg.pages.getLast().granule()).isEqualTo(48_000);
        assertThat(converted.durationMs()).isEqualTo(990);
    }

    @Test
    void anOpusHeadCookieGivesThePreSkip() {
        TestCaf caf = TestCaf.opus(TestCaf.randomPackets(4, 10, 50));
        caf.priming = 480;
        caf.cookie = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, caf.cookie, 0, 8);
        caf.cookie[8] = 1;
        caf.cookie[9] = 1;
        caf.cookie[10] = (byte) 0x38; // 312 little-endian
        caf.cookie[11] = 0x01;

        OggTestReader ogg = new OggTestReader(
                VoiceNoteConverter.convert(caf.build()).orElseThrow().ogg());

        assertThat(OggTestReader.le(ogg.packets.getFirst(), 10, 2)).isEqualTo(312);
    }

    @Test
    void perPacketFrameCountsInThePacketTableAreRead() {
        List<byte[]> packets = TestCaf.randomPackets(5, 30, 200);
        TestCaf caf = TestCaf.opus(packets);
        caf.framesPerPacket = 0;

        OggTestReader ogg = new OggTestReader(
                VoiceNoteConverter.convert(caf.build()).orElseThrow().ogg());

        assertThat(ogg.packets.subList(2, ogg.packets.size()))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(packets);
    }

    @Test
    void aPacketLongerThanAPageContinuesOnTheNext() {
        byte[] big = new byte[70_000];
        new java.util.Random(6).nextBytes(big);
        big[0] = (byte) (31 << 3 | 3); // CELT FB 20 ms, code 3
        big[1] = 6; // six frames: 120 ms
        List<byte[]> packets = new ArrayList<>(TestCaf.randomPackets(7, 3, 40));
        packets.add(big);
        packets.addAll(TestCaf.randomPackets(8, 3, 40));

        ConvertedAudio converted =
                VoiceNoteConverter.convert(TestCaf.opus(packets).build()).orElseThrow();
        OggTestReader ogg = new OggTestReader(converted.ogg());

        assertThat(ogg.packets.subList(2, ogg.packets.size()))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(packets);
        assertThat(ogg.pages).anySatisfy(p -> assertThat(p.flags() & 0x01).isEqualTo(0x01));
        assertThat(ogg.pages).allSatisfy(p -> assertThat(p.crcOk()).isTrue());
        assertThat(ogg.pages).anySatisfy(p -> assertThat(p.granule()).isEqualTo(-1)); // a page no packet ends on
        assertThat(ogg.pages.getLast().granule()).isEqualTo(6 * 960 + 5760);
    }

    @Test
    void otherCodecsAreNotConverted() {
        for (String format : List.of("aac ", "lpcm")) {
            TestCaf caf = TestCaf.opus(TestCaf.randomPackets(9, 5, 40));
            caf.format = format;
            assertThat(VoiceNoteConverter.convert(caf.build())).as(format).isEmpty();
        }
    }

    @Test
    void truncatedOrGarbageInputIsRefusedWithAClearError() {
        byte[] caf = TestCaf.opus(TestCaf.randomPackets(10, 20, 60)).build();

        assertThatThrownBy(() -> VoiceNoteConverter.convert(Arrays.copyOf(caf, caf.length - 10)))
                .isInstanceOf(CafFormatException.class)
                .hasMessageContaining("truncated CAF")
                .hasMessageContaining("'data'");
        assertThatThrownBy(() -> VoiceNoteConverter.convert(Arrays.copyOf(caf, 60)))
                .isInstanceOf(CafFormatException.class)
                .hasMessageContaining("truncated CAF");
        assertThatThrownBy(() -> VoiceNoteConverter.convert("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CafFormatException.class)
                .hasMessageContaining("not a CAF file");
        assertThatThrownBy(() -> VoiceNoteConverter.convert(new byte[0]))
                .isInstanceOf(CafFormatException.class)
                .hasMessageContaining("not a CAF file");
    }

    @Test
    void aPacketThatIsNotOpusIsRefused() {
        List<byte[]> packets = new ArrayList<>(TestCaf.randomPackets(11, 3, 40));
        packets.add(new byte[] {(byte) 0x03}); // code 3 without its frame count byte

        assertThatThrownBy(
                        () -> VoiceNoteConverter.convert(TestCaf.opus(packets).build()))
                .isInstanceOf(CafFormatException.class)
                .hasMessageContaining("packet 3 is not an Opus packet");
    }
}
