package imbridge.cloudkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * Splits a body into UTF-8 lines (ended by LF, a CR before it dropped) for a line subscriber, like the JDK's line
 * body but with a bound: a line longer than {@code maxLineBytes} is never buffered; it is reported once, by its
 * length so far, and the rest of it is discarded up to its end. A body that never ends a line therefore costs at
 * most {@code maxLineBytes} of memory.
 */
final class LineSplitter implements Flow.Subscriber<List<ByteBuffer>> {
    private final Flow.Subscriber<String> lines;
    private final LongConsumer tooLong;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean discarding;

    LineSplitter(Flow.Subscriber<String> lines, LongConsumer tooLong, int maxLineBytes) {
        this.lines = lines;
        this.tooLong = tooLong;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        lines.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                int end = indexOfNewline(buffer);
                int stop = end < 0 ? buffer.limit() : end;
                take(buffer, stop - buffer.position());
                if (end >= 0) {
                    buffer.get(); // the newline
                    endLine();
                }
            }
        }
    }

    private static int indexOfNewline(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends the next {@code n} bytes to the line, or drops them once the line is over the limit. */
    private void take(ByteBuffer buffer, int n) {
        if (discarding) {
            buffer.position(buffer.position() + n);
            return;
        }
        int room = maxLineBytes - line.size();
        if (n > room) {
            long seen = (long) line.size() + n;
            buffer.position(buffer.position() + n);
            line.reset();
            discarding = true;
            tooLong.accept(seen);
            return;
        }
        byte[] chunk = new byte[n];
        buffer.get(chunk);
        line.write(chunk, 0, n);
    }

    private void endLine() {
        if (discarding) {
            discarding = false;
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        lines.onNext(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onError(Throwable error) {
        lines.onError(error);
    }

    @Override
    public void onComplete() {
        if (line.size() > 0 && !discarding) {
            endLine(); // a last line without its newline, as the JDK's line body hands it on
        }
        lines.onComplete();
    }
}
