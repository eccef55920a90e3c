package dev.campaignanalytics.app.http;

import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAndRoutingTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void healthIsUpWhileTheDatabaseAnswers() {
        try (ApiServer api = ApiServer.start(db)) {
            Reply reply = api.get("/health").send();

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().toString()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
        }
    }

    @Test
    void healthIsDownWith503WhenTheDatabaseDoesNotAnswer() {
        try (ApiServer api = ApiServer.withDatabaseUp(db, () -> false)) {
            Reply reply = api.get("/health").send();

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().toString()).isEqualTo("{\"status\":\"DOWN\",\"database\":\"DOWN\"}");
        }
    }

    @Test
    void healthIsDownWhenTheCheckItselfFails() {
        try (ApiServer api = ApiServer.withDatabaseUp(db, () -> {
            throw new IllegalStateException("pool closed");
        })) {
            Reply reply = api.get("/health").send();

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("status").asText()).isEqualTo("DOWN");
        }
    }

    @Test
    void anUnknownRouteIsA404InTheErrorShape() {
        try (ApiServer api = ApiServer.start(db)) {
            Reply reply = api.get("/v1/marketing/nothing-here").send();

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.json().get("success").asBoolean()).isFalse();
            assertThat(reply.json().get("message").asText()).contains("/v1/marketing/nothing-here");
            assertThat(reply.json().get("errors").isArray()).isTrue();
        }
    }

    @Test
    void aWrongMethodOnAKnownRouteIsA405NamingTheAllowedOnes() {
        try (ApiServer api = ApiServer.start(db)) {
            Reply reply = api.call("DELETE", "/v1/marketing/track-event").send();

            assertThat(reply.status()).isEqualTo(405);
            assertThat(reply.header("Allow")).contains("POST");
            assertThat(reply.json().get("success").asBoolean()).isFalse();
        }
    }
}
