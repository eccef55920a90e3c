package dev.campaignanalytics.postgres.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.PostgresAdapters;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A migrated PostgreSQL database for tests, emptied before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresTestDatabase db = new PostgresTestDatabase();
 * ...
 * db.adapters().eventStore().append(...);
 * }</pre>
 *
 * <p>By default the database lives in an embedded PostgreSQL 17, started on first use and shared by every test class
 * of the JVM; it stops when the JVM exits. When the environment variable {@code ANALYTICS_TEST_DB_URL} is set (with
 * {@code ANALYTICS_TEST_DB_USER} and {@code ANALYTICS_TEST_DB_PASSWORD}), that database is used instead: it must be a
 * throwaway one, since its tables are emptied before each test.
 *
 * <p>Tests that share the database must not run in parallel.
 */
public final class PostgresTestDatabase implements BeforeEachCallback {
    public static final String URL_VARIABLE = "ANALYTICS_TEST_DB_URL";
    public static final String USER_VARIABLE = "ANALYTICS_TEST_DB_USER";
    public static final String PASSWORD_VARIABLE = "ANALYTICS_TEST_DB_PASSWORD";

    private static Shared shared;

    /** Empties every application table before each test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        truncateAll();
    }

    /** Empties every application table (the schema and Flyway's history stay). */
    public void truncateAll() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE campaign_analytics, campaign_event_keys, campaign_rollup_total, "
                    + "campaign_rollup_dimension, campaign_rollup_full, campaign_rollup_total_hour, campaign_rollup_total_day, "
                    + "campaign_rollup_dimension_hour, campaign_rollup_dimension_day, marketing_campaigns CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database", e);
        }
    }

    /** A pool on the test database (made by {@link PostgresAdapters#pooledDataSource}). */
    public DataSource dataSource() {
        return shared().dataSource;
    }

    /** The adapters on the test database; it is migrated already. */
    public PostgresAdapters adapters() {
        return shared().adapters;
    }

    public String jdbcUrl() {
        return shared().jdbcUrl;
    }

    public String user() {
        return shared().user;
    }

    public String password() {
        return shared().password;
    }

    private static synchronized Shared shared() {
        if (shared == null) {
            shared = Shared.start();
        }
        return shared;
    }

    private record Shared(String jdbcUrl, String user, String password, HikariDataSource dataSource,
                          PostgresAdapters adapters) {
        static Shared start() {
            String url = System.getenv(URL_VARIABLE);
            EmbeddedPostgresServer server = null;
            String user;
            String password;
            if (url != null && !url.isBlank()) {
                user = System.getenv(USER_VARIABLE);
                password = System.getenv(PASSWORD_VARIABLE);
            } else {
                server = EmbeddedPostgresServer.startTemporary();
                url = server.jdbcUrl();
                user = server.user();
                password = server.password();
            }
            HikariDataSource dataSource = PostgresAdapters.pooledDataSource(url, user, password);
            EmbeddedPostgresServer started = server;
            PostgresAdapters adapters = PostgresAdapters.create(dataSource);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                adapters.close();
                dataSource.close();
                if (started != null) {
                    started.close();
                }
            }, "postgres-test-database-shutdown"));
            adapters.migrate();
            return new Shared(url, user, password, dataSource, adapters);
        }
    }
}
