package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin calls from browsers, over real HTTP: the tracking routes answer the origins of
 * {@code ANALYTICS_CORS_ORIGINS}, the admin routes only those of {@code ANALYTICS_ADMIN_CORS_ORIGINS}, and a page
 * of any other origin gets no {@code Access-Control-Allow-Origin}, so its browser keeps the answer from it.
 */
class CrossOriginTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final String TRACK = "/v1/marketing/track-event";
    private static final String CAMPAIGNS = "/v1/marketing/admin/campaigns";
    private static final String SHOP = "https://shop.example";

    private static HttpResponse<String> preflight(RunningServer server, String path, String origin, String method,
                                                  String headers) {
        HttpRequest.Builder request = server.request(path).header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return server.send(request);
    }

    private static String header(HttpResponse<?> reply, String name) {
        return reply.headers().firstValue(name).orElse(null);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered204WithTheMethodsAndHeadersOfTheRoute() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_CORS_ORIGINS",
                "https://other.example, " + SHOP)) {
            for (String path : new String[]{TRACK, "/v1/marketing/track-events"}) {
                HttpResponse<String> reply = preflight(server, path, SHOP, "POST", "content-type");
                assertThat(reply.statusCode()).isEqualTo(204);
                assertThat(header(reply, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
                assertThat(header(reply, "Access-Control-Allow-Methods")).isEqualTo("POST");
                assertThat(header(reply, "Access-Control-Allow-Headers")).isEqualTo("content-type");
                assertThat(header(reply, "Access-Control-Max-Age")).isEqualTo("600");
                assertThat(reply.headers().allValues("Vary")).contains("Origin");
            }
        }
    }

    @Test
    void aDisallowedOriginMethodOrHeaderGetsNoAllowOrigin() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_CORS_ORIGINS", SHOP)) {
            HttpResponse<String> otherOrigin = preflight(server, TRACK, "https://evil.example", "POST", null);
            assertThat(otherOrigin.statusCode()).isEqualTo(204);
            assertThat(header(otherOrigin, "Access-Control-Allow-Origin")).isNull();
            assertThat(header(otherOrigin, "Access-Control-Allow-Methods")).isNull();
            assertThat(header(preflight(server, TRACK, SHOP, "DELETE", null), "Access-Control-Allow-Origin"))
                    .isNull();
            assertThat(header(preflight(server, TRACK, SHOP, "POST", "x-secret"), "Access-Control-Allow-Origin"))
                    .isNull();

            String campaign = server.campaign("cors");
            HttpResponse<String> tracked = server.send(server.request(TRACK).header("Origin", "https://evil.example")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"}")));
            assertThat(tracked.statusCode()).isEqualTo(200);
            assertThat(header(tracked, "Access-Control-Allow-Origin")).isNull();
            assertThat(tracked.headers().allValues("Vary")).contains("Origin");
        }
    }

    @Test
    void theAnswersOfAnAllowedOriginCarryAllowOriginErrorsToo() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_CORS_ORIGINS", SHOP)) {
            String campaign = server.campaign("cors");
            HttpResponse<String> tracked = server.send(server.request(TRACK).header("Origin", SHOP)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"}")));
            assertThat(tracked.statusCode()).isEqualTo(200);
            assertThat(header(tracked, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
            assertThat(header(tracked, "Access-Control-Expose-Headers")).contains("Retry-After");

            HttpResponse<String> invalid = server.send(server.request(TRACK).header("Origin", SHOP)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(header(invalid, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
        }
    }

    @Test
    void aStarAllowsEveryOriginOfTheTrackingRoutes() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_CORS_ORIGINS", "*")) {
            HttpResponse<String> reply = preflight(server, TRACK, "https://anyone.example", "POST", "Content-Type");
            assertThat(header(reply, "Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }

    @Test
    void withoutOriginsConfiguredNoCorsHeadersAreSent() {
        try (RunningServer server = RunningServer.start(db)) {
            HttpResponse<String> reply = preflight(server, TRACK, SHOP, "POST", null);
            assertThat(header(reply, "Access-Control-Allow-Origin")).isNull();
            assertThat(reply.headers().allValues("Vary")).doesNotContain("Origin");
        }
    }

    @Test
    void adminRoutesAllowNoCrossOriginCallUnlessTheirOwnOriginsAreConfigured() {
        String token = "Bearer " + RunningServer.token("super_admin");
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_CORS_ORIGINS", "*")) {
            assertThat(header(preflight(server, CAMPAIGNS, SHOP, "GET", "authorization"),
                    "Access-Control-Allow-Origin")).isNull();
            HttpResponse<String> listed = server.send(server.request(CAMPAIGNS).header("Origin", SHOP)
                    .header("Authorization", token).GET());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(header(listed, "Access-Control-Allow-Origin")).isNull();
        }
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_ADMIN_CORS_ORIGINS",
                "https://dashboard.example")) {
            HttpResponse<String> allowed = preflight(server, CAMPAIGNS + "/x", "https://dashboard.example", "PUT",
                    "authorization, content-type");
            assertThat(allowed.statusCode()).isEqualTo(204);
            assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://dashboard.example");
            assertThat(header(allowed, "Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT");
            HttpResponse<String> listed = server.send(server.request(CAMPAIGNS)
                    .header("Origin", "https://dashboard.example").header("Authorization", token).GET());
            assertThat(header(listed, "Access-Control-Allow-Origin")).isEqualTo("https://dashboard.example");
            assertThat(header(preflight(server, TRACK, "https://dashboard.example", "POST", null),
                    "Access-Control-Allow-Origin")).as("the tracking routes have their own origins").isNull();
        }
    }
}
