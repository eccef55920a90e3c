package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.app.AppConfig;
import dev.campaignanalytics.app.Application;
import dev.campaignanalytics.app.DatabaseVariables;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole server as {@code serve} wires it ({@link Application}), on 127.0.0.1 and a free port, over the PostgreSQL
 * test database, configured by environment variables like the real one.
 */
final class RunningServer implements AutoCloseable {
    static final String SECRET = "ops-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Application app;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer(Application app) {
        this.app = app;
    }

    /** The server on the test database, with {@code settings} (name, value, name, value …) added to the defaults. */
    static RunningServer start(PostgresTestDatabase db, String... settings) {
        return onDatabase(db, db.jdbcUrl(), settings);
    }

    /** Like {@link #start}, on another database (or schema) of the test server. */
    static RunningServer onDatabase(PostgresTestDatabase db, String jdbcUrl, String... settings) {
        Map<String, String> env = DatabaseVariables.of(db, jdbcUrl);
        env.put("ANALYTICS_HTTP_HOST", "127.0.0.1");
        env.put("ANALYTICS_HTTP_PORT", "0");
        env.put("ANALYTICS_JWT_SECRET", SECRET);
        // Tests send in bursts from one address; those about the limits set them.
        env.put("ANALYTICS_RATE_LIMIT", "0");
        env.put("ANALYTICS_ADMIN_RATE_LIMIT", "0");
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return new RunningServer(Application.start(AppConfig.fromEnvironment(env), Clock.systemUTC()));
    }

    static String token(String role, String... permissions) {
        return TokenMinter.mint(SECRET, "ops-tester", role, List.of(permissions), Duration.ofMinutes(5), null, null,
                Clock.systemUTC());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A new campaign, created through the API with the server's local admin token; its id. */
    String campaign(String name) {
        HttpResponse<String> created = send(request("/v1/marketing/admin/campaigns")
                .header("Authorization", "Bearer " + app.localAdminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_name\":\"" + name + "\"}")));
        if (created.statusCode() != 201) {
            throw new AssertionError("campaign not created: " + created.body());
        }
        return json(created.body()).get("data").get("id").asText();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
