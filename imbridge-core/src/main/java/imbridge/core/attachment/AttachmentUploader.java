package imbridge.core.attachment;

import imbridge.core.attachment.audio.CafFormatException;
import imbridge.core.attachment.audio.ConvertedAudio;
import imbridge.core.attachment.audio.VoiceNoteConverter;
import imbridge.core.model.CloudAttachment;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.util.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts verified bytes into the homeserver's media repository: an Opus CAF voice note goes as Ogg Opus, anything
 * else (or a CAF that does not convert) as is. It also counts the uploads under way, so closing the pipeline lets a
 * file that was already downloaded finish its upload and be cached instead of being downloaded again next run.
 */
final class AttachmentUploader {
    private static final Logger log = LoggerFactory.getLogger(AttachmentUploader.class);

    private final MatrixGateway matrix;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an upload ends (what {@link #awaitIdle} waits for). */
    private final Condition uploadEnded = lock.newCondition();
    /** Uploads under way, guarded by {@code lock}. */
    private int active;

    AttachmentUploader(MatrixGateway matrix, Ticker ticker) {
        this.matrix = matrix;
        this.ticker = ticker;
    }

    AttachmentContent upload(CloudAttachment attachment, byte[] data) throws MatrixException {
        String mime = mimeOf(attachment);
        if (VoiceNoteConverter.isCaf(mime, attachment.uti(), attachment.filename())) {
            try {
                Optional<ConvertedAudio> voice = VoiceNoteConverter.convert(data);
                if (voice.isPresent()) {
                    String filename = VoiceNoteConverter.oggFilename(attachment.filename());
                    byte[] ogg = voice.get().ogg();
                    String uri = matrix.uploadMedia(ogg, ConvertedAudio.MIME_TYPE, filename);
                    return new AttachmentContent(
                            uri,
                            ConvertedAudio.MIME_TYPE,
                            ogg.length,
                            filename,
                            voice.get().durationMs());
                }
            } catch (CafFormatException e) { // never lose the attachment: the original file still goes
                log.info(
                        "attachment record={}: CAF not converted to Ogg Opus ({}); sending the original file",
                        attachment.recordName(),
                        e.getMessage());
            }
        }
        String uri = matrix.uploadMedia(data, mime, attachment.filename());
        return new AttachmentContent(uri, mime, data.length, attachment.filename());
    }

    /** A downloaded file's upload (and caching) starts; pair with {@link #finished()}. */
    void started() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    void finished() {
        lock.lock();
        try {
            active--;
            uploadEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no upload is under way, at most {@code timeout}. */
    void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = ticker.nanos() + timeout.toNanos();
        lock.lock();
        try {
            while (active > 0) {
                long left = deadline - ticker.nanos();
                if (left <= 0) {
                    return;
                }
                uploadEnded.await(Math.max(1, left / 1_000_000), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String mimeOf(CloudAttachment attachment) {
        String mime = attachment.mimeType();
        return mime == null || mime.isBlank() ? "application/octet-stream" : mime;
    }
}
