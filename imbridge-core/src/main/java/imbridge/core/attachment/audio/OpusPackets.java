package imbridge.core.attachment.audio;

/** What an Opus packet's TOC byte says about its length (RFC 6716 §3.1), at the 48 kHz Ogg Opus clock. */
final class OpusPackets {
    /** RFC 6716 §3.2.5: a packet holds at most 120 ms of audio. */
    private static final int MAX_SAMPLES = 5760;

    private OpusPackets() {}

    /**
     * Samples at 48 kHz in the packet.
     *
     * @throws CafFormatException when the packet is empty, lacks its frame count, or claims more than 120 ms
     */
    static int samples(byte[] packet, int index) {
        if (packet.length == 0) {
            throw new CafFormatException("packet " + index + " is not an Opus packet: it is empty");
        }
        int toc = packet[0] & 0xFF;
        int frames = switch (toc & 0x3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> {
                if (packet.length < 2) {
                    throw new CafFormatException(
                            "packet " + index + " is not an Opus packet: code 3 without a frame count");
                }
                yield packet[1] & 0x3F;
            }
        };
        int samples = frames * frameSamples(toc >> 3);
        if (frames == 0 || samples > MAX_SAMPLES) {
            throw new CafFormatException("packet " + index + " is not an Opus packet: " + frames + " frames of config "
                    + (toc >> 3) + " (" + samples + " samples, at most " + MAX_SAMPLES + ")");
        }
        return samples;
    }

    /** Samples of one frame of the TOC configuration (RFC 6716 table 2). */
    private static int frameSamples(int config) {
        if (config < 12) { // SILK-only: 10, 20, 40, 60 ms
            return new int[] {480, 960, 1920, 2880}[config & 0x3];
        }
        if (config < 16) { // hybrid: 10, 20 ms
            return (config & 0x1) == 0 ? 480 : 960;
        }
        return new int[] {120, 240, 480, 960}[config & 0x3]; // CELT-only: 2.5, 5, 10, 20 ms
    }
}
