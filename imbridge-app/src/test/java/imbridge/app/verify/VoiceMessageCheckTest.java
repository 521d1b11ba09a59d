package imbridge.app.verify;

import static imbridge.app.verify.Scenario.DM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Voice notes holding Opus must arrive as MSC3245 voice messages in Ogg Opus carrying exactly the note's packets;
 * other CAF voice notes keep the exact-bytes check.
 */
class VoiceMessageCheckTest {
    private static final String CAF_NAME = "Audio Message.caf";
    private final List<byte[]> packets = packets(40);
    private final ExpectedPart.OpusPackets opus =
            new ExpectedPart.OpusPackets(packets.size(), Scenario.sha256(concat(packets)));

    @Test
    void theTruthsOpusFieldsMakeAPartAVoiceNote() {
        GroundTruth truth = GroundTruthParser.parse("""
                {"seed":1,"portals":[{"portalId":"tel:+15551234567","kind":"dm","members":[],"parts":[
                  {"guid":"g1","part":"att0","ts":5,"sender":"tel:+15551234567","fromMe":false,"kind":"file",
                   "filename":"Audio Message.caf","mime":"audio/x-caf","size":10,"sha256":"ab",
                   "opusPackets":40,"opusPacketsSha256":"cd"},
                  {"guid":"g1","part":"att1","ts":5,"sender":"tel:+15551234567","fromMe":false,"kind":"file",
                   "filename":"Audio Message.caf","mime":"audio/x-caf","size":10,"sha256":"ef"}]}]}""");
        List<ExpectedPart> parts = truth.portals().getFirst().parts();

        assertThat(parts.get(0).opus()).isEqualTo(new ExpectedPart.OpusPackets(40, "cd"));
        assertThat(parts.get(1).opus()).isNull();
    }

    @Test
    void anOggOpusVoiceMessageWithTheNotesPacketsIsCorrect() {
        Scenario s = Scenario.small();
        GroundTruth truth = voiceTruth(s, opus);
        s.replaceMessage(DM, 2, voiceEvent(s, s.message(DM, 2), ogg(packets, false), true));

        VerificationReport report = s.compare(truth);

        assertThat(report.ok()).as(report.toJson()).isTrue();
        assertThat(report.mismatched()).isZero();
    }

    @Test
    void theOriginalCafAlteredPacketsABadCrcOrNoVoiceMarkerAreMismatches() {
        Scenario original = Scenario.small(); // the CAF sent as it came
        GroundTruth truth = voiceTruth(original, opus);
        original.replaceMessage(DM, 2, cafEvent(original, original.message(DM, 2), truth));
        assertThat(original.compare(truth).mismatched()).isEqualTo(1);

        List<byte[]> altered = new ArrayList<>(packets);
        altered.set(7, new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE});
        Scenario wrongPackets = Scenario.small();
        wrongPackets.replaceMessage(
                DM, 2, voiceEvent(wrongPackets, wrongPackets.message(DM, 2), ogg(altered, false), true));
        VerificationReport report = wrongPackets.compare(truth);
        assertThat(report.mismatched()).isEqualTo(1);
        assertThat(report.toJson()).contains("packets sha256");

        Scenario badCrc = Scenario.small();
        badCrc.replaceMessage(DM, 2, voiceEvent(badCrc, badCrc.message(DM, 2), ogg(packets, true), true));
        assertThat(badCrc.compare(truth).toJson()).contains("CRC mismatch");

        Scenario unmarked = Scenario.small();
        unmarked.replaceMessage(DM, 2, voiceEvent(unmarked, unmarked.message(DM, 2), ogg(packets, false), false));
        assertThat(unmarked.compare(truth).toJson()).contains("org.matrix.msc3245.voice missing");
    }

    @Test
    void aVoiceNoteOfAnotherCodecMustArriveAsItsExactBytes() {
        Scenario s = Scenario.small();
        GroundTruth truth = voiceTruth(s, null);
        s.replaceMessage(DM, 2, cafEvent(s, s.message(DM, 2), truth));
        assertThat(s.compare(truth).ok()).isTrue();

        Scenario converted = Scenario.small();
        converted.replaceMessage(DM, 2, voiceEvent(converted, converted.message(DM, 2), ogg(packets, false), true));
        assertThat(converted.compare(truth).mismatched()).isEqualTo(1);
    }

    @Test
    void aCafOfUnknownCodecMayArriveEitherWay() {
        Scenario original = Scenario.small();
        GroundTruth truth = voiceTruth(original, ExpectedPart.OpusPackets.UNKNOWN);
        original.replaceMessage(DM, 2, cafEvent(original, original.message(DM, 2), truth));
        assertThat(original.compare(truth).ok()).isTrue();

        Scenario converted = Scenario.small();
        converted.replaceMessage(DM, 2, voiceEvent(converted, converted.message(DM, 2), ogg(packets, false), true));
        assertThat(converted.compare(truth).ok()).isTrue();

        Scenario broken = Scenario.small();
        broken.replaceMessage(DM, 2, voiceEvent(broken, broken.message(DM, 2), ogg(packets, true), true));
        assertThat(broken.compare(truth).mismatched()).isEqualTo(1);
    }

    /** The scenario's truth with the DM's third part (a photo) turned into a CAF voice note. */
    private static GroundTruth voiceTruth(Scenario s, ExpectedPart.OpusPackets opus) {
        List<ExpectedPortal> portals = new ArrayList<>();
        for (ExpectedPortal p : s.truth.portals()) {
            List<ExpectedPart> parts = new ArrayList<>(p.parts());
            if (p.portalId().equals(DM)) {
                ExpectedPart f = parts.get(2);
                byte[] caf = cafBytes(f);
                parts.set(
                        2,
                        ExpectedPart.file(
                                        f.guid(),
                                        0,
                                        f.ts(),
                                        f.sender(),
                                        f.fromMe(),
                                        CAF_NAME,
                                        "audio/x-caf",
                                        caf.length,
                                        Scenario.sha256(caf))
                                .withOpus(opus));
            }
            portals.add(new ExpectedPortal(p.portalId(), p.kind(), p.name(), p.members(), parts));
        }
        return new GroundTruth(s.truth.seed(), s.truth.dataset(), s.truth.ownerHandles(), portals);
    }

    private static byte[] cafBytes(ExpectedPart part) {
        return ("caff" + part.guid()).getBytes(StandardCharsets.US_ASCII);
    }

    private static DeliveredEvent cafEvent(Scenario s, DeliveredEvent photo, GroundTruth truth) {
        ExpectedPart part = truth.portals().getFirst().parts().get(2);
        String url = (String) photo.content().get("url");
        Map<String, Object> content = new LinkedHashMap<>(photo.content());
        content.put("msgtype", "m.audio");
        content.put("body", CAF_NAME);
        content.put("filename", CAF_NAME);
        content.put("info", Map.of("mimetype", "audio/x-caf", "size", part.size()));
        return withMedia(photo, content, url, s, cafBytes(part));
    }

    private static DeliveredEvent voiceEvent(Scenario s, DeliveredEvent photo, byte[] ogg, boolean marked) {
        Map<String, Object> content = new LinkedHashMap<>(photo.content());
        content.put("msgtype", "m.audio");
        content.put("body", "Audio Message.ogg");
        content.put("filename", "Audio Message.ogg");
        content.put("info", Map.of("mimetype", "audio/ogg", "size", (long) ogg.length, "duration", 800L));
        content.put("org.matrix.msc1767.audio", Map.of("duration", 800L));
        if (marked) {
            content.put("org.matrix.msc3245.voice", Map.of());
        }
        return withMedia(photo, content, (String) photo.content().get("url"), s, ogg);
    }

    private static DeliveredEvent withMedia(
            DeliveredEvent e, Map<String, Object> content, String url, Scenario s, byte[] bytes) {
        s.media.put(url, bytes);
        return new DeliveredEvent(e.eventId(), e.type(), e.sender(), e.originServerTs(), content, e.stateKey());
    }

    private static List<byte[]> packets(int count) {
        Random rnd = new Random(3);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[2 + rnd.nextInt(300)];
            rnd.nextBytes(p);
            p[0] = (byte) (31 << 3);
            out.add(p);
        }
        return out;
    }

    private static byte[] concat(List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        packets.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** A minimal Ogg Opus stream: one page per packet; {@code badCrc} spoils the third page's checksum. */
    private static byte[] ogg(List<byte[]> audio, boolean badCrc) {
        List<byte[]> all = new ArrayList<>();
        byte[] head = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
        head[8] = 1;
        head[9] = 1;
        head[10] = 0x38;
        head[11] = 1;
        all.add(head);
        byte[] tags = new byte[16];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, tags, 0, 8);
        all.add(tags);
        all.addAll(audio);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long granule = 0;
        for (int i = 0; i < all.size(); i++) {
            byte[] p = all.get(i);
            granule += i < 2 ? 0 : 960;
            int lacing = p.length / 255 + 1;
            byte[] page = new byte[27 + lacing + p.length];
            System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, page, 0, 4);
            page[5] = (byte) ((i == 0 ? 2 : 0) | (i == all.size() - 1 ? 4 : 0));
            le(page, 6, granule, 8);
            le(page, 14, 0x1234, 4);
            le(page, 18, i, 4);
            page[26] = (byte) lacing;
            for (int l = 0; l < lacing; l++) {
                page[27 + l] = (byte) (l < lacing - 1 ? 255 : p.length % 255);
            }
            System.arraycopy(p, 0, page, 27 + lacing, p.length);
            long crc = 0;
            for (byte b : page) {
                crc ^= (long) (b & 0xFF) << 24;
                for (int bit = 0; bit < 8; bit++) {
                    crc = ((crc & 0x8000_0000L) != 0 ? (crc << 1) ^ 0x04C1_1DB7L : crc << 1) & 0xFFFF_FFFFL;
                }
            }
            le(page, 22, badCrc && i == 2 ? crc ^ 1 : crc, 4);
            out.writeBytes(page);
        }
        return out.toByteArray();
    }

    private static void le(byte[] b, int at, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
