package imbridge.app.corpus;

import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.SummaryInfo;
import imbridge.applelocal.codec.TypedStreamDecoder;
import imbridge.applelocal.codec.UrlPreview;
import java.nio.file.Path;
import java.util.List;

/**
 * Apple's blobs on their own: the case's {@code bytes} (a {@link Payload}) handed to the real decoder named by
 * {@code decoder} ({@code typedstream} for {@code attributedBody}, {@code summary-info} for
 * {@code message_summary_info}, {@code url-preview} for a link's payload). A decoded blob is the survivor
 * {@code decoded}; a rejected one is the decoder's error.
 */
final class BlobDriver implements SurfaceDriver {
    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        byte[] blob = Payload.of(c.input().get("bytes")).bytes();
        String decoder = c.input().path("decoder").asText();
        try {
            switch (decoder) {
                case "typedstream" -> TypedStreamDecoder.decode(blob);
                case "summary-info" -> SummaryInfo.decode(blob);
                case "url-preview" -> UrlPreview.decode(blob);
                default -> throw new IllegalArgumentException("no decoder " + decoder);
            }
            return new Outcome(null, List.of(), List.of("decoded"));
        } catch (AppleDecodeException e) {
            return Outcome.failed(e);
        }
    }
}
