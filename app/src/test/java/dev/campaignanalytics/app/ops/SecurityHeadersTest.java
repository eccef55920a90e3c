package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer carries the headers that keep browsers from sniffing, framing or loosely running it, whoever writes
 * it: a route, the static files, or Jetty refusing a request no route saw. HTML pages need them; the others get them
 * too, so that no route can be forgotten.
 */
class SecurityHeadersTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertProtected(String what, java.net.http.HttpHeaders headers) {
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(headers.firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> assertThat(csp)
                .contains("frame-ancestors 'none'", "script-src 'self'", "default-src").doesNotContain("unsafe-eval")
                .doesNotContain("script-src 'self' 'unsafe-inline'"));
        assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    }

    @Test
    void htmlPagesStaticFilesAndJsonAnswersCarryTheSecurityHeaders() {
        for (String path : List.of("/docs", "/docs/swagger-ui/swagger-ui-bundle.js", "/openapi.json", "/health",
                "/v1/marketing/admin/campaigns", "/no/such/page")) {
            HttpResponse<String> reply = server.send(server.request(path).header("Accept", "text/html").GET());
            assertProtected(path + " " + reply.statusCode(), reply.headers());
        }
        HttpResponse<String> docs = server.get("/docs");
        assertThat(docs.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }

    @Test
    void errorPagesJettyWritesItselfCarryTheSecurityHeaders() throws IOException {
        // A request no route sees: a path with an encoded NUL is refused by Jetty itself, in the API's error envelope.
        String answer = rawRequest("GET /%00 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).startsWith("http/1.1 400");
        assertThat(head).contains("content-type: application/json");
        assertThat(head).contains("x-content-type-options: nosniff", "frame-ancestors 'none'",
                "x-frame-options: deny");
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
