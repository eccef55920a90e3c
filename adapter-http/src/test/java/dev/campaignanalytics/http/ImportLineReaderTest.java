package dev.campaignanalytics.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImportLineReaderTest {

    @Test
    void splitsLinesAlsoWhenTheStreamDeliversThemInFragments() throws IOException {
        String text = "{\"a\":1}\n\n  \t\r\n{\"b\":\"ü\"}\r\n" + "x".repeat(70_000) + "\nlast";
        for (int fragment : new int[] {1, 3, 7, 65_536, 1 << 20}) {
            List<String> lines = read(new Fragmented(text.getBytes(StandardCharsets.UTF_8), fragment), 100_000);
            assertThat(lines).as("fragments of %d bytes", fragment).containsExactly("line {\"a\":1}", "blank",
                    "blank", "line {\"b\":\"ü\"}\r", "line " + "x".repeat(70_000), "line last");
        }
    }

    @Test
    void aLineLongerThanTheLimitIsMarkedTooLongAndTheNextLineIsReadWhole() throws IOException {
        List<String> lines = read(new ByteArrayInputStream("abcdefgh\nok\n".getBytes(StandardCharsets.UTF_8)), 5);
        assertThat(lines).containsExactly("too long abcde", "line ok");
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(read(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
    }

    private static List<String> read(InputStream in, int maxBytes) throws IOException {
        ImportHandler.LineReader reader = new ImportHandler.LineReader(in, maxBytes);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            String text = new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8);
            lines.add(reader.isBlank() ? "blank" : (reader.isTooLong() ? "too long " : "line ") + text);
        }
        return lines;
    }

    /** Hands out at most {@code fragment} bytes per read, as a network stream may. */
    private static final class Fragmented extends InputStream {
        private final byte[] data;
        private final int fragment;
        private int position;

        Fragmented(byte[] data, int fragment) {
            this.data = data;
            this.fragment = fragment;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, fragment), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
