package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbesTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void aServerWithItsDatabaseMigratedIsLiveAndReady() {
        try (RunningServer server = RunningServer.start(db)) {
            HttpResponse<String> live = server.get("/health/live");
            HttpResponse<String> ready = server.get("/health/ready");
            HttpResponse<String> health = server.get("/health");

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\",\"migrations\":\"UP\","
                    + "\"draining\":false}");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
        }
    }

    @Test
    void aDatabaseMissingAMigrationMakesTheServerUnreadyButNotDead() throws Exception {
        String schema = "readiness_" + Long.toHexString(System.nanoTime());
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        execute("CREATE SCHEMA " + schema);
        try (RunningServer server = RunningServer.onDatabase(db, url)) {
            assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);

            execute("DELETE FROM " + schema + ".flyway_schema_history WHERE version IS NOT NULL");

            HttpResponse<String> ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"database\":\"UP\",\"migrations\":\"DOWN\","
                    + "\"draining\":false}");
            assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aDatabaseThatStopsAnsweringMakesTheServerUnreadyButNotDead() throws Exception {
        URI target = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        try (TcpForwarder relay = new TcpForwarder(target.getHost(), target.getPort());
             RunningServer server = RunningServer.onDatabase(db, "jdbc:postgresql://127.0.0.1:" + relay.port()
                     + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()))) {
            assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);

            relay.cut();

            HttpResponse<String> ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"database\":\"DOWN\","
                    + "\"migrations\":\"UNKNOWN\",\"draining\":false}");
            HttpResponse<String> live = server.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
