package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that Jetty refuses itself, before any route sees it (a path with an encoded NUL or one that climbs above
 * the root, a header block too large, a broken header), is answered on a keep-alive connection; if the server then
 * closes that connection, the answer says so ({@code Connection: close}). Otherwise an HTTP/1.1 client takes the
 * connection as still open, sends its next request on it, and that request gets no answer at all: the fuzzing test
 * saw a small request fail that way after Jetty had closed the connection on a refused {@code GET /%00}.
 *
 * <p>Over raw sockets, so that the test sees exactly which connection carries which request: after each refused
 * request a well-formed one follows on the same connection, and it must be answered unless the close was announced.
 */
class RefusedRequestConnectionTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String NEXT = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRefusedRequestIsAnsweredAndTheNextRequestOnItsConnectionIsAnsweredUnlessTheCloseWasAnnounced()
            throws IOException {
        List<String> refused = List.of(
                "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/marketing/admin/campaigns/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
                "PUT /v1/marketing/admin/campaigns/%00 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n{}",
                "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/marketing/admin/campaigns?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
                "POST /v1/marketing/track-event HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n");
        List<String> failures = new ArrayList<>();
        for (String request : refused) {
            String what = request.substring(0, Math.min(request.indexOf('\r'), 60));
            try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Answer first = Answer.read(in);
                assertThat(first.status()).as("%s answered %s", what, first.head()).isBetween(400, 499);
                if (first.announcesClose()) {
                    assertThat(in.read()).as("%s: the server closes the connection it said it would close", what)
                            .isEqualTo(-1);
                    continue;
                }
                String next;
                try {
                    out.write(NEXT.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    next = Answer.read(in).head();
                } catch (IOException e) {
                    next = "no answer: " + e;
                }
                if (!next.startsWith("HTTP/1.1 200")) {
                    failures.add(what + " answered " + first.status() + " without Connection: close, and the next "
                            + "request on that connection got " + next);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The status line and headers of one answer, read with its body (by Content-Length) from a connection. */
    record Answer(String head) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        boolean announcesClose() {
            return head.toLowerCase(Locale.ROOT).lines()
                    .anyMatch(l -> l.startsWith("connection:") && l.contains("close"));
        }

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (!endsWithBlankLine(head)) {
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    throw new IOException("no complete answer within the timeout, after " + head.size() + " bytes");
                }
                if (b < 0) {
                    throw new IOException("the server closed the connection after " + head.size() + " bytes");
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            long length = text.toLowerCase(Locale.ROOT).lines().filter(l -> l.startsWith("content-length:"))
                    .mapToLong(l -> Long.parseLong(l.substring("content-length:".length()).trim())).findFirst()
                    .orElse(0);
            for (long i = 0; i < length; i++) {
                if (in.read() < 0) {
                    throw new IOException("the body broke off after " + i + " of " + length + " bytes");
                }
            }
            return new Answer(text.strip());
        }

        private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
            byte[] b = head.toByteArray();
            int n = b.length;
            return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
        }
    }
}
