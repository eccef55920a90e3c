package dev.campaignanalytics.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} as its own process, with JSON logs, stopped by SIGTERM as an orchestrator stops it. */
class ServeProcessTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String SECRET = "serve-process-secret-0123456789-abcdefghijklmnop";
    private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");

    @Test
    void withJsonLogsStandardOutputHoldsOnlyJsonLinesAndNoTokenAndSigtermStopsInOrder() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ANALYTICS_DB_URL", db.jdbcUrl());
        if (db.user() != null) {
            env.put("ANALYTICS_DB_USER", db.user());
        }
        if (db.password() != null) {
            env.put("ANALYTICS_DB_PASSWORD", db.password());
        }
        env.put("ANALYTICS_HTTP_HOST", "127.0.0.1");
        env.put("ANALYTICS_HTTP_PORT", "0");
        env.put("ANALYTICS_JWT_SECRET", SECRET);
        env.put("ANALYTICS_LOG_FORMAT", "json");
        MainProcess run = MainProcess.start(List.of(), env, false, "serve");
        Process server = run.process();
        try {
            int port = -1;
            while (port < 0) {
                String line = run.nextLine(60, TimeUnit.SECONDS);
                assertThat(line).as("the server said it listens; it said: %s", run.lines()).isNotNull();
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            // SIGTERM; Process.destroy() would also close our end of its standard output
            assertThat(server.toHandle().destroy()).isTrue();

            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            run.awaitOutput();
        } finally {
            server.destroyForcibly();
        }

        ObjectMapper json = new ObjectMapper();
        List<String> messages = new java.util.ArrayList<>();
        List<String> lines = run.lines();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            messages.add(entry.get("message").asText());
        }
        assertThat(String.join("\n", lines)).doesNotContain(SECRET, "eyJ");
        assertThat(messages).anyMatch(m -> m.startsWith("shutting down: readiness is DOWN"));
        assertThat(messages.get(messages.size() - 1)).isEqualTo("stopped");
    }
}
