package dev.campaignanalytics.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8SinkTest {
    @Test
    void writesTheTextItWasGivenInUtf8WhateverTheCutsBetweenBuffers() throws IOException {
        // Text of all widths of UTF-8, with surrogate pairs (emoji) that fall across buffer boundaries.
        String[] pieces = {"a", "é", "日本", "😀", "x,y", "\"q\"", "\r\n", "𝄞 clef"};
        Random random = new Random(7);
        StringBuilder expected = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Sink sink = new Utf8Sink(out);
        for (int i = 0; i < 200_000; i++) {
            String piece = pieces[random.nextInt(pieces.length)];
            switch (i % 3) {
                case 0 -> sink.append(piece);
                case 1 -> sink.append(new StringBuilder(piece));
                default -> {
                    for (char c : piece.toCharArray()) {
                        sink.append(c);
                    }
                }
            }
            expected.append(piece);
        }
        sink.flush();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(out.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nothingIsWrittenBeforeTheBufferIsFullOrFlushed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8Sink sink = new Utf8Sink(out);
        sink.append("short");
        assertThat(out.size()).isZero();
        sink.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("short");
    }
}
