package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits over real HTTP: tracking per client address, admin routes per token subject, both with bursts of
 * twice the rate, answered 429 with {@code Retry-After} and the error envelope once exceeded.
 */
class RateLimitTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final String API = "/v1/marketing";

    private static HttpResponse<String> track(RunningServer server, String campaign, String forwardedFor) {
        HttpRequest.Builder request = server.request(API + "/track-event").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return server.send(request);
    }

    @Test
    void aClientAddressOverItsBurstGets429WithRetryAfterAndTheErrorEnvelopeAndNothingIsStored() throws Exception {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_RATE_LIMIT", "2",
                "ANALYTICS_CORS_ORIGINS", "https://shop.example")) {
            String campaign = server.campaign("limited");
            // rate 2/s: a burst of 4 passes (a refill may add one while they are sent), then the bucket is empty
            int passed = 0;
            HttpResponse<String> refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                HttpResponse<String> reply = server.send(server.request(API + "/track-event")
                        .header("Content-Type", "application/json").header("Origin", "https://shop.example")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"}")));
                if (reply.statusCode() == 429) {
                    refused = reply;
                } else {
                    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                    passed++;
                }
            }
            assertThat(passed).isBetween(4, 5);
            assertThat(refused).isNotNull();
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("a page may read why it was refused").hasValue("https://shop.example");
            JsonNode body = RunningServer.json(refused.body());
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("message").asText()).contains("Too many tracking requests from one address",
                    "/track-events");
            assertThat(storedEvents()).isEqualTo(passed);

            Thread.sleep(1100);
            assertThat(track(server, campaign, null).statusCode()).as("after the refill").isEqualTo(200);
        }
    }

    @Test
    void behindATrustedProxyEachForwardedAddressHasItsOwnBucket() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_RATE_LIMIT", "1",
                "ANALYTICS_TRUST_PROXY", "true")) {
            String campaign = server.campaign("limited");
            for (int i = 0; i < 2; i++) {
                assertThat(track(server, campaign, "198.51.100.7").statusCode()).isEqualTo(200);
            }
            assertThat(track(server, campaign, "198.51.100.7").statusCode()).isEqualTo(429);
            assertThat(track(server, campaign, "198.51.100.8").statusCode()).isEqualTo(200);
            // one IPv6 subscriber's /64 is one client
            assertThat(track(server, campaign, "2001:db8:1:2::1").statusCode()).isEqualTo(200);
            assertThat(track(server, campaign, "2001:db8:1:2::2").statusCode()).isEqualTo(200);
            assertThat(track(server, campaign, "2001:db8:1:2:ffff::3").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void zeroTurnsTheLimitOff() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_RATE_LIMIT", "0")) {
            String campaign = server.campaign("unlimited");
            for (int i = 0; i < 300; i++) {
                assertThat(track(server, campaign, null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void adminRoutesAreLimitedPerTokenSubject() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_ADMIN_RATE_LIMIT", "1")) {
            String alice = admin("alice");
            for (int i = 0; i < 2; i++) {
                assertThat(listCampaigns(server, alice).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = listCampaigns(server, alice);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(RunningServer.json(refused.body()).get("message").asText())
                    .contains("admin requests for one token subject");
            assertThat(listCampaigns(server, admin("bob")).statusCode()).as("another subject").isEqualTo(200);
            // the public routes are not counted against anyone's admin limit
            String campaign = server.campaign("x");
            assertThat(track(server, campaign, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theLiveFeedsPollsAndStreamOpeningsCountAgainstTheAdminLimitOfTheirSubject() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_ADMIN_RATE_LIMIT", "1")) {
            String alice = admin("alice");
            assertThat(pollFeed(server, alice).statusCode()).isEqualTo(200);
            assertThat(listCampaigns(server, alice).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = pollFeed(server, alice);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

            // EventSource passes the token in the query; the subject is the same one.
            HttpResponse<String> stream = server.send(server.request(API + "/admin/analytics/stream?access_token="
                    + alice).header("Accept", "text/event-stream").GET());
            assertThat(stream.statusCode()).as("a stream is refused before it opens").isEqualTo(429);
            assertThat(RunningServer.json(stream.body()).get("message").asText())
                    .contains("admin requests for one token subject");
            assertThat(pollFeed(server, admin("bob")).statusCode()).as("another subject").isEqualTo(200);
        }
    }

    private static HttpResponse<String> pollFeed(RunningServer server, String token) {
        return server.send(server.request(API + "/admin/analytics/stream?limit=5")
                .header("Authorization", "Bearer " + token).GET());
    }

    private static HttpResponse<String> listCampaigns(RunningServer server, String token) {
        return server.send(server.request(API + "/admin/campaigns").header("Authorization", "Bearer " + token).GET());
    }

    private static String admin(String subject) {
        return TokenMinter.mint(RunningServer.SECRET, subject, Permissions.SUPER_ADMIN, List.of(),
                Duration.ofMinutes(5), null, null, Clock.systemUTC());
    }

    private static long storedEvents() {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM campaign_analytics")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
