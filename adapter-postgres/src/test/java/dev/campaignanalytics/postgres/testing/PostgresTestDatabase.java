package dev.campaignanalytics.postgres.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.GroupCommit;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.RollupCompaction;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A migrated PostgreSQL database for tests, emptied before each test: the JUnit 5 extension that the
 * {@code adapter-postgres} test-jar ships to services that embed the library (README "Embedding").
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresTestDatabase db = new PostgresTestDatabase();
 * ...
 * db.adapters().eventStore().append(...);
 * }</pre>
 *
 * <p>Where the database lives ({@link Source}) is told by the environment, for {@code new PostgresTestDatabase()}:
 * <ul>
 *   <li>by default, an embedded PostgreSQL 17, started on first use and shared by every test class of the JVM; it
 *       stops when the JVM exits;</li>
 *   <li>when {@code ANALYTICS_TEST_DB_URL} is set (with {@code ANALYTICS_TEST_DB_USER} and
 *       {@code ANALYTICS_TEST_DB_PASSWORD}), that database: it must be a throwaway one, since its tables are emptied
 *       before each test;</li>
 *   <li>when {@code ANALYTICS_TEST_DB=testcontainers}, a PostgreSQL container started by Testcontainers. Testcontainers
 *       is optional: the test class path must hold {@code org.testcontainers:testcontainers-postgresql}, and Docker
 *       must be available; otherwise the first test fails and says which is missing (it is never skipped).</li>
 * </ul>
 * {@code ANALYTICS_TEST_DB} may also say {@code embedded} or {@code external}. The factories {@link #embedded()},
 * {@link #external} and {@link #testcontainers()} choose in code instead.
 *
 * <p>Tests that share the database must not run in parallel.
 */
public final class PostgresTestDatabase implements BeforeEachCallback {
    /** Chooses the source: {@code embedded}, {@code external} or {@code testcontainers}. */
    public static final String SOURCE_VARIABLE = "ANALYTICS_TEST_DB";
    /** The JDBC URL of an external throwaway database; when set, it is used unless the source says otherwise. */
    public static final String URL_VARIABLE = "ANALYTICS_TEST_DB_URL";
    /** The user of the external database. */
    public static final String USER_VARIABLE = "ANALYTICS_TEST_DB_USER";
    /** The password of the external database. */
    public static final String PASSWORD_VARIABLE = "ANALYTICS_TEST_DB_PASSWORD";

    /** Where the test database lives. */
    public enum Source {
        /** An embedded PostgreSQL 17 in a temporary directory (no installation, no Docker). */
        EMBEDDED,
        /** A database the environment names by URL. */
        EXTERNAL,
        /** A PostgreSQL container started by Testcontainers; needs Docker and Testcontainers on the class path. */
        TESTCONTAINERS
    }

    /** The databases started in this JVM, one per source (and URL), shared by every test class. */
    private static final Map<Connection.Key, Shared> SHARED = new HashMap<>();

    private final Source source;
    private final Connection external;
    private final Map<String, String> environment;

    /** The database the environment chooses (see the class comment): embedded unless told otherwise. */
    public PostgresTestDatabase() {
        this(System.getenv());
    }

    /** The database that {@code environment} (in place of the process's) chooses. */
    PostgresTestDatabase(Map<String, String> environment) {
        this(null, null, environment);
    }

    private PostgresTestDatabase(Source source, Connection external) {
        this(source, external, System.getenv());
    }

    private PostgresTestDatabase(Source source, Connection external, Map<String, String> environment) {
        this.source = source;
        this.external = external;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The embedded PostgreSQL, whatever the environment says.
     *
     * @return the extension
     */
    public static PostgresTestDatabase embedded() {
        return new PostgresTestDatabase(Source.EMBEDDED, null);
    }

    /**
     * A throwaway database at {@code jdbcUrl}: it is migrated, and its tables are emptied before each test.
     *
     * @param jdbcUrl  a PostgreSQL JDBC URL
     * @param user     the user to connect as
     * @param password the user's password
     * @return the extension
     */
    public static PostgresTestDatabase external(String jdbcUrl, String user, String password) {
        return new PostgresTestDatabase(Source.EXTERNAL,
                new Connection(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password, () -> { }));
    }

    /**
     * A PostgreSQL container, whatever the environment says; it fails the tests that use it, saying why, when
     * Testcontainers is not on the class path or no Docker environment is available.
     *
     * @return the extension
     */
    public static PostgresTestDatabase testcontainers() {
        return new PostgresTestDatabase(Source.TESTCONTAINERS, null);
    }

    /** Empties every application table before each test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        truncateAll();
    }

    /** Empties every application table (the schema and Flyway's history stay). */
    public void truncateAll() {
        try (java.sql.Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            // The delta table first: a rollup compactor of a server under test locks it before the rollup levels,
            // so TRUNCATE waits for the compactor to finish instead of deadlocking with it.
            s.execute("TRUNCATE campaign_rollup_delta, campaign_analytics, campaign_event_keys, "
                    + "campaign_rollup_total, campaign_rollup_dimension, campaign_rollup_full, campaign_rollup_total_hour, campaign_rollup_total_day, "
                    + "campaign_rollup_dimension_hour, campaign_rollup_dimension_day, marketing_campaigns CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database", e);
        }
    }

    /**
     * Where this database lives.
     *
     * @return the source chosen in code, or else by the environment
     */
    public Source source() {
        return source != null ? source : sourceFrom(environment);
    }

    /**
     * A pool on the test database (made by {@link PostgresAdapters#pooledDataSource}); it stays open until the JVM
     * exits.
     *
     * @return the pool
     */
    public DataSource dataSource() {
        return shared().dataSource;
    }

    /**
     * The adapters on the test database; it is migrated already.
     *
     * @return the adapters
     */
    public PostgresAdapters adapters() {
        return shared().adapters;
    }

    /**
     * The JDBC URL of the test database, for code that makes its own connections.
     *
     * @return the URL
     */
    public String jdbcUrl() {
        return shared().connection.jdbcUrl();
    }

    /**
     * The user the tests connect as.
     *
     * @return the user name
     */
    public String user() {
        return shared().connection.user();
    }

    /**
     * The password of {@link #user()}.
     *
     * @return the password
     */
    public String password() {
        return shared().connection.password();
    }

    /** The source that {@code environment} chooses; {@code ANALYTICS_TEST_DB} wins over a set URL. */
    static Source sourceFrom(Map<String, String> environment) {
        String named = environment.get(SOURCE_VARIABLE);
        if (named != null && !named.isBlank()) {
            try {
                return Source.valueOf(named.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(SOURCE_VARIABLE + " must be embedded, external or testcontainers: "
                        + named);
            }
        }
        String url = environment.get(URL_VARIABLE);
        return url != null && !url.isBlank() ? Source.EXTERNAL : Source.EMBEDDED;
    }

    private Shared shared() {
        Source chosen = source();
        String url = external != null ? external.jdbcUrl()
                : chosen == Source.EXTERNAL ? environment.get(URL_VARIABLE) : null;
        Connection.Key key = new Connection.Key(chosen, url);
        synchronized (SHARED) {
            Shared s = SHARED.get(key);
            if (s == null) {
                s = Shared.start(connect(chosen));
                SHARED.put(key, s);
            }
            return s;
        }
    }

    private Connection connect(Source chosen) {
        return switch (chosen) {
            case EMBEDDED -> {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
                yield new Connection(server.jdbcUrl(), server.user(), server.password(), server::close);
            }
            case EXTERNAL -> {
                if (external != null) {
                    yield external;
                }
                String url = environment.get(URL_VARIABLE);
                if (url == null || url.isBlank()) {
                    throw new IllegalStateException(SOURCE_VARIABLE + "=external needs " + URL_VARIABLE
                            + " (with " + USER_VARIABLE + " and " + PASSWORD_VARIABLE + ")");
                }
                yield new Connection(url, environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE),
                        () -> { });
            }
            case TESTCONTAINERS -> startContainer();
        };
    }

    /** Loads the Testcontainers mode only now, so that the class path needs Testcontainers only in that mode. */
    private static Connection startContainer() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false,
                    PostgresTestDatabase.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(SOURCE_VARIABLE + "=testcontainers asks for a PostgreSQL container, but "
                    + "Testcontainers is not on the test class path: add the test dependency "
                    + "org.testcontainers:testcontainers-postgresql (2.x)", e);
        }
        return TestcontainersPostgres.start();
    }

    /** How to reach a test database, and how to stop it when the JVM exits. */
    record Connection(String jdbcUrl, String user, String password, Runnable stop) {
        record Key(Source source, String jdbcUrl) {
        }
    }

    private record Shared(Connection connection, HikariDataSource dataSource, PostgresAdapters adapters) {
        static Shared start(Connection connection) {
            HikariDataSource dataSource = PostgresAdapters.pooledDataSource(connection.jdbcUrl(), connection.user(),
                    connection.password());
            // Rollup deltas are compacted only when a test asks, so that tests see them where appends left them.
            PostgresAdapters adapters = PostgresAdapters.create(dataSource, GroupCommit.DEFAULT,
                    UnaryOperator.identity(), RollupCompaction.onRequest(RollupCompaction.DEFAULT.batchSize()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                adapters.close();
                dataSource.close();
                connection.stop().run();
            }, "postgres-test-database-shutdown"));
            adapters.migrate();
            return new Shared(connection, dataSource, adapters);
        }
    }
}
