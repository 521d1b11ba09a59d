package imbridge.core.attachment.audio;

import java.util.List;

/**
 * The parts of a CAF file a remux needs: the stream description ({@code desc}), the packet table's frame
 * accounting ({@code pakt}), the magic cookie ({@code kuki}, or null) and the audio packets in order.
 *
 * @param formatId        the {@code desc} format ID as four ASCII characters, e.g. {@code "opus"}, {@code "aac "}
 * @param primingFrames   frames to drop at the start ({@code pakt}; 0 when absent)
 * @param remainderFrames frames to drop at the end ({@code pakt}; 0 when absent)
 */
public record CafAudio(
        String formatId,
        double sampleRate,
        int channels,
        int framesPerPacket,
        int primingFrames,
        int remainderFrames,
        byte[] magicCookie,
        List<byte[]> packets) {

    public CafAudio {
        packets = List.copyOf(packets);
    }

    public boolean isOpus() {
        return "opus".equals(formatId);
    }
}
