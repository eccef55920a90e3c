package dev.campaignanalytics.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
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
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ANALYTICS_"));
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
        Process server = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    fresh.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        try {
            int port = -1;
            while (port < 0) {
                String line = fresh.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("the server said it listens; it said: %s", lines).isNotNull();
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
            reader.join(10_000);
        } finally {
            server.destroyForcibly();
        }

        ObjectMapper json = new ObjectMapper();
        List<String> messages = new java.util.ArrayList<>();
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
