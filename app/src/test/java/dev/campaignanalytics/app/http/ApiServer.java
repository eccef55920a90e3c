package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.http.HttpApi;
import dev.campaignanalytics.http.HttpDependencies;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import io.javalin.Javalin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The real API on 127.0.0.1 (a free port), over the real core services and the real PostgreSQL test database, with
 * an HTTP client and SQL helpers for tests to look at both sides.
 */
final class ApiServer implements AutoCloseable {
    /** The HS256 secret the test server trusts; tokens signed with anything else are forged. */
    static final String SECRET = "http-test-secret-0123456789-abcdefghijklmnop";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostgresTestDatabase db;
    private final Javalin app;
    private final ManageCampaignsUseCase campaigns;
    private final CampaignAnalytics analytics;
    private final CampaignReportUseCase reports;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private ApiServer(PostgresTestDatabase db, HttpSettings settings, UnaryOperator<TrackEventsUseCase> tracking,
                      BooleanSupplier databaseUp) {
        this(db, db.adapters(), settings, tracking, databaseUp, Clock.systemUTC());
    }

    private ApiServer(PostgresTestDatabase db, HttpSettings settings, UnaryOperator<TrackEventsUseCase> tracking,
                      BooleanSupplier databaseUp, Clock clock) {
        this(db, db.adapters(), settings, tracking, databaseUp, clock);
    }

    private ApiServer(PostgresTestDatabase db, PostgresAdapters adapters, HttpSettings settings,
                      UnaryOperator<TrackEventsUseCase> tracking, BooleanSupplier databaseUp, Clock clock) {
        this.db = db;
        this.analytics = CampaignAnalytics.builder(adapters, ExportFormats.standard()).clock(clock).build();
        this.campaigns = analytics.campaigns();
        TrackEventsUseCase trackingService = tracking.apply(analytics.tracking());
        AccessControl access = new AccessControl(JwtVerifier.create(JwtSettings.ofSecret(SECRET)));
        this.reports = analytics.reports();
        HttpDependencies deps = new HttpDependencies(campaigns, trackingService, reports, analytics.liveFeed(),
                databaseUp, access, clock, analytics.exports());
        this.app = HttpApi.create(deps, settings).start("127.0.0.1", 0);
        this.base = "http://127.0.0.1:" + app.port();
    }

    static ApiServer start(PostgresTestDatabase db) {
        return new ApiServer(db, HttpSettings.defaults(), t -> t, db.adapters()::isDatabaseReachable);
    }

    static ApiServer start(PostgresTestDatabase db, HttpSettings settings) {
        return new ApiServer(db, settings, t -> t, db.adapters()::isDatabaseReachable);
    }

    /** On adapters of its own (its own pool and live feed listener), as a second server on the same database is. */
    static ApiServer start(PostgresTestDatabase db, PostgresAdapters adapters, HttpSettings settings) {
        return new ApiServer(db, adapters, settings, t -> t, adapters::isDatabaseReachable, Clock.systemUTC());
    }

    /** With the tracking use case seen through {@code tracking}, to watch or break what the routes ask of it. */
    static ApiServer start(PostgresTestDatabase db, HttpSettings settings, UnaryOperator<TrackEventsUseCase> tracking) {
        return new ApiServer(db, settings, tracking, db.adapters()::isDatabaseReachable);
    }

    /** With "now" (for tracking and for report presets) told by {@code clock}. */
    static ApiServer start(PostgresTestDatabase db, HttpSettings settings, Clock clock) {
        return new ApiServer(db, settings, t -> t, db.adapters()::isDatabaseReachable, clock);
    }

    static ApiServer withDatabaseUp(PostgresTestDatabase db, BooleanSupplier databaseUp) {
        return new ApiServer(db, HttpSettings.defaults(), t -> t, databaseUp);
    }

    @Override
    public void close() {
        analytics.close();
        app.stop();
    }

    /** The server as Javalin sees it, for tests that look at its routes. */
    Javalin javalin() {
        return app;
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    String base() {
        return base;
    }

    /** How many follow the live feed on this server right now. */
    int liveFeedFollowers() {
        return analytics.liveFeedFollowers();
    }

    /** The port the API listens on, at 127.0.0.1. */
    int port() {
        return app.port();
    }

    /** The reports use case behind the API, to compare answers with. */
    CampaignReportUseCase reports() {
        return reports;
    }

    // ---- tokens ----

    static String token(String role, String... permissions) {
        return TokenMinter.mint(SECRET, "tester", role, List.of(permissions), Duration.ofMinutes(5), null, null,
                Clock.systemUTC());
    }

    static String superAdmin() {
        return token(Permissions.SUPER_ADMIN);
    }

    // ---- data ----

    /** A new active campaign, created through the core. */
    UUID campaign(String name) {
        Campaign c = campaigns.create(new CreateCampaignCommand(name, null, null));
        return c.id().value();
    }

    long count(String sql, Object... params) {
        return ((Number) one(sql, params)).longValue();
    }

    Object one(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + ": " + sql);
        }
        return rows.get(0).values().iterator().next();
    }

    /** The rows of a query, column by label; timestamps come back as {@link java.time.Instant}s. */
    List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = r.getObject(i);
                        row.put(r.getMetaData().getColumnLabel(i),
                                value instanceof Timestamp t ? t.toInstant() : value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long storedEvents(UUID campaign) {
        return storedEvents(db, campaign);
    }

    /** The raw events of a campaign stored in {@code db}; for tests that start a server of their own on it. */
    static long storedEvents(PostgresTestDatabase db, UUID campaign) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM campaign_analytics WHERE campaign_id = ?")) {
            s.setObject(1, campaign);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long allStoredEvents() {
        return count("SELECT count(*) FROM campaign_analytics");
    }

    // ---- HTTP ----

    Call get(String path) {
        return new Call("GET", path);
    }

    Call post(String path) {
        return new Call("POST", path);
    }

    Call put(String path) {
        return new Call("PUT", path);
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    /** One request being put together; {@link #send()} makes it. */
    final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        /** How long the answer may take; a call that gets none in time fails. */
        private Duration timeout = Duration.ofSeconds(60);

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Call asSuperAdmin() {
            return bearer(superAdmin());
        }

        /** A JSON body, sent as {@code application/json}. */
        Call json(String text) {
            return body("application/json", text);
        }

        Call body(String contentType, String text) {
            headers.put("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofString(text);
            return this;
        }

        /**
         * A body of unknown length, sent chunked without {@code Content-Length}. Such a body is an import, answered
         * only once all of it is stored, so the answer may take longer than other calls' (a 100,000-event import takes
         * a few seconds on a quiet machine and has exceeded a minute on a heavily loaded one).
         */
        Call stream(String contentType, Supplier<InputStream> stream) {
            headers.put("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofInputStream(stream);
            timeout = Duration.ofSeconds(240);
            return this;
        }

        Reply send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(timeout)
                    .method(method, body);
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An answer of the server. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The {@code data} of a success. */
        JsonNode data() {
            return json().get("data");
        }

        /** The fields named by the {@code errors} of a failure. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            return fields;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
