package imbridge.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.attachment.audio.VoiceNoteConverter;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.RoomSpec;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.MatrixGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The pipeline's upload step: Opus CAF voice notes go as Ogg Opus; other CAFs and broken ones as they came. */
class VoiceNoteUploadTest {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Uploads matrix = new Uploads();

    @Test
    void anOpusVoiceNoteIsUploadedAsOggWithItsDurationAndCachedSo() throws Exception {
        byte[] caf = caf("opus", 100, false);
        CloudAttachment a = attachment("rec-voice", caf);

        AttachmentContent content = run(a);

        assertThat(matrix.uploads).singleElement().satisfies(u -> {
            assertThat(u.mime()).isEqualTo("audio/ogg");
            assertThat(u.filename()).isEqualTo("Audio Message.ogg");
            assertThat(new String(u.data(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
            assertThat(u.data())
                    .isEqualTo(VoiceNoteConverter.convert(caf).orElseThrow().ogg());
        });
        assertThat(content.isVoiceNote()).isTrue();
        assertThat(content.durationMs()).isEqualTo(Math.round((100 * 960 - 312) / 48.0));
        assertThat(content.size()).isEqualTo(matrix.uploads.getFirst().data().length);

        OutgoingPart.Media part = content.toPart(new PartKey("g", "att0"), "g", "p", a, null);
        assertThat(part.isVoice()).isTrue();
        assertThat(part.voiceDurationMs()).isEqualTo(content.durationMs());
        assertThat(part.mimeType()).isEqualTo("audio/ogg");
        assertThat(part.filename()).isEqualTo("Audio Message.ogg");
    }

    @Test
    void anAacCafAndABrokenCafGoAsTheOriginalFile() throws Exception {
        byte[] aac = caf("aac ", 10, false);
        byte[] broken = caf("opus", 10, true);

        AttachmentContent aacContent = run(attachment("rec-aac", aac));
        AttachmentContent brokenContent = run(attachment("rec-broken", broken));

        assertThat(matrix.uploads).extracting(Upload::mime).containsExactly("audio/x-caf", "audio/x-caf");
        assertThat(matrix.uploads).extracting(Upload::filename).containsOnly("Audio Message.caf");
        assertThat(matrix.uploads.get(0).data()).isEqualTo(aac);
        assertThat(matrix.uploads.get(1).data()).isEqualTo(broken);
        assertThat(aacContent.isVoiceNote()).isFalse();
        assertThat(brokenContent.isVoiceNote()).isFalse();
        assertThat(brokenContent.size()).isEqualTo(broken.length);
    }

    private AttachmentContent run(CloudAttachment a) throws Exception {
        try (AttachmentPipeline p = new AttachmentPipeline(new Files(), matrix, 2, Duration.ofSeconds(5))) {
            return ((AttachmentOutcome.Ready) p.await(a)).content();
        }
    }

    private CloudAttachment attachment(String recordName, byte[] data) {
        files.put(recordName, data);
        return new CloudAttachment(
                recordName,
                "g-" + recordName,
                "audio/x-caf",
                "com.apple.coreaudio-format",
                "Audio Message.caf",
                data.length,
                AttachmentPipeline.sha256(data),
                null);
    }

    /** A CAF of {@code packets} 3-byte CELT silence packets; {@code truncatedTable} cuts the packet table short. */
    private static byte[] caf(String format, int packets, boolean truncatedTable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBytes("caff");
        out.writeShort(1);
        out.writeShort(0);
        out.writeBytes("desc");
        out.writeLong(32);
        out.writeDouble(48_000);
        out.writeBytes(format);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(960);
        out.writeInt(1);
        out.writeInt(0);
        int entries = truncatedTable ? packets / 2 : packets;
        out.writeBytes("pakt");
        out.writeLong(24 + entries);
        out.writeLong(packets);
        out.writeLong(packets * 960L);
        out.writeInt(0);
        out.writeInt(0);
        for (int i = 0; i < entries; i++) {
            out.writeByte(3);
        }
        out.writeBytes("data");
        out.writeLong(4 + 3L * packets);
        out.writeInt(0);
        for (int i = 0; i < packets; i++) {
            out.write(new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE});
        }
        return bytes.toByteArray();
    }

    private record Upload(byte[] data, String mime, String filename) {}

    private final class Files implements CloudSource {
        @Override
        public InputStream openAsset(CloudAttachment a) {
            return new ByteArrayInputStream(files.get(a.recordName()));
        }

        @Override
        public ZonePage<CloudChat> chatChanges(String t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ZonePage<CloudMessage> messageChanges(String t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ZonePage<CloudAttachment> attachmentChanges(String t) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Uploads implements MatrixGateway {
        final List<Upload> uploads = new CopyOnWriteArrayList<>();

        @Override
        public String uploadMedia(byte[] data, String mimeType, String filename) {
            uploads.add(new Upload(data, mimeType, filename));
            return "mxc://test/" + uploads.size();
        }

        @Override
        public String createRoom(RoomSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ensureJoined(String roomId, String handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String redact(String roomId, String eventId, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void markRead(String roomId, String readerHandle, String eventId, long readAtMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteRoom(String roomId, String reason) {
            throw new UnsupportedOperationException();
        }
    }
}
