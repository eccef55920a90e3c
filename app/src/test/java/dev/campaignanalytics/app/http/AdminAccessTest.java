package dev.campaignanalytics.app.http;

import dev.campaignanalytics.app.http.ApiServer.Call;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every admin route asks for a valid bearer token with an admin role and the route's own permission. */
class AdminAccessTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private UUID campaign;

    /** An admin route and a request to it that is valid apart from its credentials. */
    record Route(String method, String path, String permission, String contentType, String body) {
        Call call(ApiServer api, UUID campaign) {
            Call call = api.call(method, "/v1/marketing" + path.replace("{id}", campaign.toString()));
            return body == null ? call : call.body(contentType, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Route> adminRoutes() {
        return Stream.of(
                new Route("GET", "/admin/campaigns", Permissions.CAMPAIGNS_READ, null, null),
                new Route("GET", "/admin/campaigns/{id}", Permissions.CAMPAIGNS_READ, null, null),
                new Route("POST", "/admin/campaigns", Permissions.CAMPAIGNS_CREATE, "application/json",
                        "{\"campaign_name\": \"Spring sale\"}"),
                new Route("PUT", "/admin/campaigns/{id}", Permissions.CAMPAIGNS_UPDATE, "application/json",
                        "{\"is_active\": false}"),
                new Route("POST", "/admin/events/import", Permissions.EVENTS_IMPORT, "application/x-ndjson", ""));
    }

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void aCampaign() {
        campaign = api.campaign("Access");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void withoutATokenTheAnswerIs401WithABearerChallenge(Route route) {
        Reply reply = route.call(api, campaign).send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(reply.json().get("success").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aTokenSignedWithAnotherSecretIsRefusedWith401(Route route) {
        String forged = TokenMinter.mint(TokenMinter.generateSecret(), "intruder", Permissions.SUPER_ADMIN,
                List.of(), Duration.ofMinutes(5), null, null, Clock.systemUTC());

        Reply reply = route.call(api, campaign).bearer(forged).send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void anExpiredTokenIsRefusedWith401(Route route) {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = TokenMinter.mint(ApiServer.SECRET, "tester", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofMinutes(5), null, null, anHourAgo);

        Reply reply = route.call(api, campaign).bearer(expired).send();

        assertThat(reply.status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aCredentialThatIsNotABearerTokenIsRefusedWith401(Route route) {
        Reply reply = route.call(api, campaign).header("Authorization", "Basic dXNlcjpwYXNz").send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aRoleThatIsNotAnAdminRoleIsRefusedWith403EvenWithThePermission(Route route) {
        Reply reply = route.call(api, campaign).bearer(ApiServer.token("viewer", route.permission())).send();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("admin role");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aMarketingAdminWithoutTheRoutesPermissionIsRefusedWith403NamingIt(Route route) {
        String[] others = Permissions.ALL.stream().filter(p -> !p.equals(route.permission())).toArray(String[]::new);

        Reply reply = route.call(api, campaign).bearer(ApiServer.token(Permissions.MARKETING_ADMIN, others)).send();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains(route.permission());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aMarketingAdminWithTheRoutesPermissionIsServed(Route route) {
        Reply reply = route.call(api, campaign)
                .bearer(ApiServer.token(Permissions.MARKETING_ADMIN, route.permission())).send();

        assertThat(reply.status()).as(reply.toString()).isBetween(200, 201);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminRoutes")
    void aSuperAdminIsServedWithoutListingAnyPermission(Route route) {
        Reply reply = route.call(api, campaign).bearer(ApiServer.token(Permissions.SUPER_ADMIN)).send();

        assertThat(reply.status()).as(reply.toString()).isBetween(200, 201);
    }

    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() {
        Reply reply = api.post("/v1/marketing/admin/campaigns").body("text/plain", "{not json").send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns")).isEqualTo(1);
    }

    @Test
    void aRefusedCreateStoresNoCampaign() {
        Reply reply = api.post("/v1/marketing/admin/campaigns")
                .bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ))
                .json("{\"campaign_name\": \"Not allowed\"}").send();

        assertThat(reply.status()).isEqualTo(403);
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns WHERE campaign_name = 'Not allowed'"))
                .isZero();
    }
}
