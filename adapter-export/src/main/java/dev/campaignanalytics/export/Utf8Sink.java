package dev.campaignanalytics.export;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text appended in UTF-8 to an output stream, through a buffer of its own. It does what a
 * {@code BufferedWriter} over an {@code OutputStreamWriter} does, without a lock and a copy per call: the CSV
 * printer appends a few times per field, millions of times in a large export.
 *
 * <p>Not thread-safe. {@link #flush()} writes what is buffered and flushes the stream; nothing is written otherwise
 * until the buffer is full.
 */
final class Utf8Sink implements Appendable, Flushable {
    private static final int SIZE = 32 * 1024;

    private final OutputStream out;
    private final char[] buffer = new char[SIZE];
    private int used;

    Utf8Sink(OutputStream out) {
        this.out = out;
    }

    @Override
    public Utf8Sink append(CharSequence text) throws IOException {
        return append(text, 0, text.length());
    }

    @Override
    public Utf8Sink append(CharSequence text, int start, int end) throws IOException {
        if (text instanceof String s) {
            int from = start;
            while (from < end) {
                if (used == SIZE) {
                    drain();
                }
                int n = Math.min(end - from, SIZE - used);
                s.getChars(from, from + n, buffer, used);
                used += n;
                from += n;
            }
        } else {
            for (int i = start; i < end; i++) {
                append(text.charAt(i));
            }
        }
        return this;
    }

    @Override
    public Utf8Sink append(char c) throws IOException {
        if (used == SIZE) {
            drain();
        }
        buffer[used++] = c;
        return this;
    }

    /** Writes the buffered text, but a trailing high surrogate, which waits for the low one that completes it. */
    private void drain() throws IOException {
        int n = used;
        if (n > 0 && Character.isHighSurrogate(buffer[n - 1])) {
            n--;
        }
        if (n == 0) {
            if (used == SIZE) {
                throw new IOException("a lone high surrogate filled the buffer");
            }
            return;
        }
        out.write(new String(buffer, 0, n).getBytes(StandardCharsets.UTF_8));
        System.arraycopy(buffer, n, buffer, 0, used - n);
        used -= n;
    }

    @Override
    public void flush() throws IOException {
        drain();
        if (used > 0) {
            // A high surrogate with nothing after it: write it as UTF-8 does, as a replacement.
            out.write(new String(buffer, 0, used).getBytes(StandardCharsets.UTF_8));
            used = 0;
        }
        out.flush();
    }
}
