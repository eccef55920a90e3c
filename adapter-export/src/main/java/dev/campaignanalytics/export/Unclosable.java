package dev.campaignanalytics.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The caller's stream as libraries see it: closing it only flushes it, since the caller closes it. */
final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
