package dev.campaignanalytics.postgres.testing;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase.Source;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the test support finds its database: embedded by default, external by URL, Testcontainers when asked. */
class PostgresTestDatabaseTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/throwaway";

    @Test
    void theDatabaseIsEmbeddedWhenTheEnvironmentSaysNothing() {
        assertThat(new PostgresTestDatabase(Map.of()).source()).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void aUrlInTheEnvironmentMakesItExternal() {
        assertThat(new PostgresTestDatabase(Map.of("ANALYTICS_TEST_DB_URL", URL)).source())
                .isEqualTo(Source.EXTERNAL);
    }

    @Test
    void theNamedSourceWinsOverAUrl() {
        assertThat(new PostgresTestDatabase(Map.of("ANALYTICS_TEST_DB", "Testcontainers",
                "ANALYTICS_TEST_DB_URL", URL)).source()).isEqualTo(Source.TESTCONTAINERS);
        assertThat(new PostgresTestDatabase(Map.of("ANALYTICS_TEST_DB", "embedded",
                "ANALYTICS_TEST_DB_URL", URL)).source()).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void anUnknownSourceIsRefusedByName() {
        assertThatThrownBy(() -> new PostgresTestDatabase(Map.of("ANALYTICS_TEST_DB", "docker")).source())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ANALYTICS_TEST_DB must be embedded, external or testcontainers: docker");
    }

    @Test
    void externalWithoutAUrlFailsSayingWhatIsMissing() {
        PostgresTestDatabase db = new PostgresTestDatabase(Map.of("ANALYTICS_TEST_DB", "external"));

        assertThatThrownBy(db::dataSource)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ANALYTICS_TEST_DB=external needs ANALYTICS_TEST_DB_URL");
    }

    @Test
    void anExternalDatabaseIsMigratedAndEmptiedBeforeEachTest() throws SQLException {
        PostgresTestDatabase embedded = new PostgresTestDatabase();
        PostgresTestDatabase external = PostgresTestDatabase.external(embedded.jdbcUrl(),
                embedded.user(), embedded.password());
        execute(embedded, "INSERT INTO marketing_campaigns (id, campaign_name, is_active, created_at, updated_at) "
                + "VALUES (gen_random_uuid(), 'left over', true, now(), now())");

        external.beforeEach(null);

        assertThat(external.source()).isEqualTo(Source.EXTERNAL);
        assertThat(external.adapters().migrationsApplied()).isTrue();
        assertThat(count(external, "SELECT count(*) FROM marketing_campaigns")).isZero();
    }

    @Test
    void testcontainersWithoutDockerFailsSayingSoInsteadOfSkipping() {
        PostgresTestDatabase db = PostgresTestDatabase.testcontainers();
        if (DockerClientFactory.instance().isDockerAvailable()) {
            // on a machine with Docker: the container is a migrated database like the others
            assertThat(db.adapters().migrationsApplied()).isTrue();
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://");
            return;
        }

        assertThatThrownBy(db::dataSource)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ANALYTICS_TEST_DB=testcontainers")
                .hasMessageContaining("finds no Docker environment")
                .hasMessageContaining("leave ANALYTICS_TEST_DB unset for the embedded PostgreSQL");
    }

    private static void execute(PostgresTestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(PostgresTestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
