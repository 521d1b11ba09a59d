package imbridge.core.attachment.audio;

/**
 * A voice note remuxed to Ogg Opus.
 *
 * @param ogg        the Ogg Opus file
 * @param durationMs playing time (pre-skip and end trim removed), rounded to the nearest millisecond
 */
public record ConvertedAudio(byte[] ogg, long durationMs) {
    public static final String MIME_TYPE = "audio/ogg";
}
