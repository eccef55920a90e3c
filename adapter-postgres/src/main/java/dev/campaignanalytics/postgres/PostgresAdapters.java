package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.ReportStore;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL side of the application: the stores that the core's outgoing ports need, on one database.
 *
 * <p>The schema comes only from the Flyway migrations in {@code db/migration}; {@link #migrate()} brings a database
 * up to date. Every store turns a database that cannot be reached or fails into
 * {@link dev.campaignanalytics.core.port.out.StoreUnavailableException}.
 */
public final class PostgresAdapters {
    /** The longest a reachability check takes. */
    private static final long REACHABILITY_TIMEOUT_MILLIS = 2_000;
    private static final ExecutorService REACHABILITY_CHECKS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "postgres-reachability-check");
        t.setDaemon(true);
        return t;
    });

    private final DataSource dataSource;
    private final JdbiCampaignCatalog campaignCatalog;
    private final JdbiEventStore eventStore;
    private final JdbiReportStore reportStore;
    private final JdbiRawEventSource rawEventSource;

    private PostgresAdapters(DataSource dataSource) {
        this.dataSource = dataSource;
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        this.campaignCatalog = new JdbiCampaignCatalog(jdbi);
        this.eventStore = new JdbiEventStore(jdbi);
        this.reportStore = new JdbiReportStore(jdbi);
        this.rawEventSource = new JdbiRawEventSource(jdbi);
    }

    /**
     * The stores on a database. It is used as it is: call {@link #migrate()} to create or update the schema.
     * Connections are expected in PostgreSQL's default isolation, READ COMMITTED.
     */
    public static PostgresAdapters create(DataSource dataSource) {
        return new PostgresAdapters(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * A connection pool for the application. A database that is down makes callers fail within a few seconds,
     * never wait for ever: a connection is waited for at most 3 s, a connect attempt lasts at most 5 s, and a
     * read from the server at most 2 min. The pool starts even while the database is down. Batched inserts are
     * rewritten into multi-row inserts ({@code reWriteBatchedInserts}).
     */
    public static HikariDataSource pooledDataSource(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("campaign-analytics-postgres");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", "120");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "campaign-analytics");
        return new HikariDataSource(config);
    }

    /** Creates or updates the schema to the newest migration. Running it again on an up-to-date database does nothing. */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public CampaignCatalog campaignCatalog() {
        return campaignCatalog;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    public ReportStore reportStore() {
        return reportStore;
    }

    /** Raw events read one by one through a cursor, for exports of any size. */
    public RawEventSource rawEventSource() {
        return rawEventSource;
    }

    /** Whether the database answers a trivial query within 2 seconds. Never throws. */
    public boolean isDatabaseReachable() {
        try {
            return CompletableFuture.supplyAsync(this::answersTrivialQuery, REACHABILITY_CHECKS)
                    .get(REACHABILITY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean answersTrivialQuery() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
