package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.port.out.AnalyticsStorage;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.EventFeed;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.ReportStore;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.function.Consumer;

/**
 * The PostgreSQL side of the application: the stores that the core's outgoing ports need, on one database, as the
 * {@link AnalyticsStorage} that {@link dev.campaignanalytics.core.CampaignAnalytics#builder} takes.
 *
 * <p>The schema comes only from the Flyway migrations in {@code db/migration}; {@link #migrate()} brings a database
 * up to date. Every store turns a database that cannot be reached or fails into
 * {@link dev.campaignanalytics.core.port.out.StoreUnavailableException}.
 *
 * <p>The live feed ({@link #eventFeed()}) hears of new events through a listener with a connection of its own; it
 * starts with the feed's first subscriber, and {@link #close()} stops it. The rollup compactor (see
 * {@link RollupCompaction}) runs on daemon threads that start with {@link #startBackground()} (a server calls it when
 * it starts) or else with the first append, so that adapters opened briefly by a tool that appends nothing (a
 * migration, a report) start no thread; {@link #close()} stops them too. Close the adapters before the pool.
 */
public final class PostgresAdapters implements AnalyticsStorage, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAdapters.class);
    /** How often the live feed's listener asks for the newest position, in case a notification was missed. */
    private static final Duration LISTENER_POLL_INTERVAL = Duration.ofSeconds(1);
    /** The longest a reachability check takes. */
    private static final long REACHABILITY_TIMEOUT_MILLIS = 2_000;
    private static final ExecutorService REACHABILITY_CHECKS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "postgres-reachability-check");
        t.setDaemon(true);
        return t;
    });

    private final DataSource dataSource;
    /** The versions of this build's migrations, resolved by Flyway at the first {@link #migrationsApplied()}. */
    private volatile List<String> buildMigrations;
    private final JdbiCampaignCatalog campaignCatalog;
    private final Partitions partitions;
    private final GroupCommitEventStore eventStore;
    private final JdbiReportStore reportStore;
    private final PositionListener positionListener;
    private final JdbiEventFeed eventFeed;
    private final JdbiRawEventSource rawEventSource;
    private final RollupCompactor rollupCompactor;

    private PostgresAdapters(DataSource dataSource, GroupCommit groupCommit, UnaryOperator<EventStore> groupStore,
                             RollupCompaction compaction) {
        this.dataSource = dataSource;
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        this.campaignCatalog = new JdbiCampaignCatalog(jdbi);
        this.partitions = new Partitions(jdbi);
        this.rollupCompactor = new RollupCompactor(jdbi, compaction);
        this.eventStore = new GroupCommitEventStore(groupStore.apply(new JdbiEventStore(jdbi, partitions,
                rollupCompactor::start)), groupCommit);
        this.reportStore = new JdbiReportStore(jdbi);
        this.positionListener = new PositionListener(listenerConnector(dataSource), LISTENER_POLL_INTERVAL);
        this.eventFeed = new JdbiEventFeed(jdbi, positionListener);
        this.rawEventSource = new JdbiRawEventSource(jdbi);
    }

    /**
     * The stores on a database, with {@link GroupCommit#DEFAULT} group commits. It is used as it is: call
     * {@link #migrate()} to create or update the schema. Connections are expected in PostgreSQL's default isolation,
     * READ COMMITTED.
     *
     * <p>The live feed's listener opens a connection of its own, outside the pool, with the JDBC URL, user, password
     * and driver properties of a pool made by {@link #pooledDataSource}. Given any other data source, it takes one
     * connection from it and keeps it.
     *
     * @param dataSource the database, best a pool made by {@link #pooledDataSource}
     * @return the stores; close them before the pool
     */
    public static PostgresAdapters create(DataSource dataSource) {
        return create(dataSource, GroupCommit.DEFAULT);
    }

    /**
     * The stores on a database, gathering concurrent appends into group commits as {@code groupCommit} says.
     *
     * @param dataSource the database, best a pool made by {@link #pooledDataSource}
     * @param groupCommit how concurrent appends are gathered
     * @return the stores; close them before the pool
     */
    public static PostgresAdapters create(DataSource dataSource, GroupCommit groupCommit) {
        return create(dataSource, groupCommit, UnaryOperator.identity());
    }

    /**
     * Like {@link #create(DataSource, GroupCommit)}, with {@code groupStore} wrapped around the store that commits each
     * group, so that a decorator (metrics, say) sees every group as one append.
     *
     * @param dataSource the database, best a pool made by {@link #pooledDataSource}
     * @param groupCommit how concurrent appends are gathered
     * @param groupStore wraps the store that commits one group, e.g. to time it
     * @return the stores; close them before the pool
     */
    public static PostgresAdapters create(DataSource dataSource, GroupCommit groupCommit,
                                          UnaryOperator<EventStore> groupStore) {
        return create(dataSource, groupCommit, groupStore, RollupCompaction.DEFAULT);
    }

    /**
     * Like {@link #create(DataSource, GroupCommit, UnaryOperator)}, moving the appends' rollup deltas into the
     * rollup levels as {@code compaction} says.
     *
     * @param dataSource the database, best a pool made by {@link #pooledDataSource}
     * @param groupCommit how concurrent appends are gathered
     * @param groupStore wraps the store that commits one group, e.g. to time it
     * @param compaction when and how much of the rollup deltas are compacted
     * @return the stores; close them before the pool
     */
    public static PostgresAdapters create(DataSource dataSource, GroupCommit groupCommit,
                                          UnaryOperator<EventStore> groupStore, RollupCompaction compaction) {
        return new PostgresAdapters(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(groupCommit, "groupCommit"), Objects.requireNonNull(groupStore, "groupStore"),
                Objects.requireNonNull(compaction, "compaction"));
    }

    /** How the listener connects: past the pool when the pool tells how, else through the data source. */
    private static PositionListener.Connector listenerConnector(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource pool) || pool.getJdbcUrl() == null) {
            return dataSource::getConnection;
        }
        return () -> {
            Properties properties = new Properties();
            properties.putAll(pool.getDataSourceProperties());
            if (pool.getUsername() != null) {
                properties.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                properties.setProperty("password", pool.getPassword());
            }
            // A read waits at most this long, so a connection that silently died is noticed by the next poll.
            properties.setProperty("socketTimeout", "15");
            properties.setProperty("ApplicationName", "campaign-analytics-feed-listener");
            Connection c = new org.postgresql.Driver().connect(pool.getJdbcUrl(), properties);
            if (c == null) {
                throw new SQLException("not a PostgreSQL JDBC URL: " + pool.getJdbcUrl());
            }
            return c;
        };
    }

    /**
     * A connection pool for the application. A database that is down makes callers fail within a few seconds,
     * never wait for ever: a connection is waited for at most 3 s, a connect attempt lasts at most 5 s, and a
     * read from the server at most 2 min. The pool starts even while the database is down. Batched inserts are
     * rewritten into multi-row inserts ({@code reWriteBatchedInserts}).
     *
     * @param jdbcUrl the database's {@code jdbc:postgresql:} URL
     * @param user the user to connect as
     * @param password the user's password
     * @return the started pool; the caller closes it
     */
    public static HikariDataSource pooledDataSource(String jdbcUrl, String user, String password) {
        return pooledDataSource(jdbcUrl, user, password, config -> { });
    }

    /**
     * Like {@link #pooledDataSource(String, String, String)}, with {@code customizer} applied to the pool's
     * configuration last, before the pool starts: the place to attach a metrics tracker (e.g. HikariCP's
     * {@code MicrometerMetricsTrackerFactory}) without this adapter knowing the metrics library.
     *
     * @param jdbcUrl the database's {@code jdbc:postgresql:} URL
     * @param user the user to connect as
     * @param password the user's password
     * @param customizer applied to the pool's configuration last, before the pool starts
     * @return the started pool; the caller closes it
     */
    public static HikariDataSource pooledDataSource(String jdbcUrl, String user, String password,
                                                    Consumer<HikariConfig> customizer) {
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
        customizer.accept(config);
        return new HikariDataSource(config);
    }

    /**
     * Creates or updates the schema to the newest migration, and makes the raw-event partitions of this month and the
     * next two. Running it again on an up-to-date database does nothing.
     *
     * @throws UnsupportedDatabaseException when the database is older than PostgreSQL 15; nothing is changed then
     */
    public void migrate() {
        requireSupportedServer();
        flyway().migrate();
        partitions.ensureAhead(Instant.now(), 2);
    }

    /**
     * Checks, without changing anything, that the database holds every migration this build knows: for a service
     * whose schema is migrated by someone else (a deployment step, a DBA) rather than by {@link #migrate()}.
     *
     * @throws IllegalStateException naming the pending migrations, when there are any
     */
    public void requireMigrated() {
        var pending = flyway().info().pending();
        if (pending.length > 0) {
            StringBuilder names = new StringBuilder();
            for (var migration : pending) {
                names.append(names.isEmpty() ? "" : ", ").append(migration.getScript());
            }
            throw new IllegalStateException("the database schema is not up to date; pending migrations: " + names);
        }
    }

    /**
     * Whether the database holds every migration this build knows, so that the stores find the schema they expect:
     * every versioned migration of this build is recorded as applied successfully. A database that is newer (migrated
     * by a later build) counts as applied. Asks the database each time, within 2 seconds; {@code false} when it
     * cannot be asked. Never throws.
     *
     * <p>The build's migrations are read from the classpath by Flyway once, at the first check; each check then costs
     * one query of the schema history. A readiness probe asks every few seconds, and Flyway's whole check (the
     * classpath scan as well) took longer than its 2 seconds on a loaded machine, so the probe answered 503.
     *
     * @return whether no migration is pending; false when the database cannot be asked
     */
    public boolean migrationsApplied() {
        return withinTimeout(() -> {
            List<String> versions = buildMigrations;
            if (versions == null) {
                versions = Arrays.stream(flyway().info().all())
                        .filter(m -> m.isVersioned() && m.getState().isResolved())
                        .map(m -> m.getVersion().getVersion())
                        .toList();
                buildMigrations = versions;
            }
            try (Connection c = dataSource.getConnection();
                 PreparedStatement count = c.prepareStatement("SELECT count(DISTINCT version) "
                         + "FROM flyway_schema_history WHERE success AND version = ANY (?)")) {
                count.setArray(1, c.createArrayOf("text", versions.toArray()));
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() && rs.getLong(1) == versions.size();
                }
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** Asks the database on a thread of its own, waiting at most 2 seconds; {@code false} when it cannot answer. */
    private static boolean withinTimeout(Supplier<Boolean> check) {
        return answerWithinTimeout(check).orElse(false);
    }

    /** Asks the database on a thread of its own, waiting at most 2 seconds; empty when it cannot answer. */
    private static <T> Optional<T> answerWithinTimeout(Supplier<T> question) {
        try {
            return Optional.ofNullable(CompletableFuture.supplyAsync(question, REACHABILITY_CHECKS)
                    .get(REACHABILITY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The version is the one the server announced when the connection was opened. */
    private void requireSupportedServer() {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData server = c.getMetaData();
            UnsupportedDatabaseException.requireSupported(server.getDatabaseMajorVersion(),
                    server.getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database's version: " + e.getMessage(), e);
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }

    /**
     * Drops the raw events of every month that ended more than {@code months} months before this one, keeping their
     * counts in the rollups (so every report stays the same) and their idempotency keys (so a late retry is still a
     * duplicate). Raw exports and the live feed no longer see those events.
     *
     * @param months how many whole months before the current one keep their raw events, at least 1
     * @param now the current time, which decides the current month (months are UTC calendar months)
     * @return the partitions dropped
     */
    public List<String> dropRawEventsOlderThan(int months, Instant now) {
        if (months < 1) {
            throw new IllegalArgumentException("keep at least the current month");
        }
        return partitions.dropBefore(Partitions.monthOf(now).minusMonths(months));
    }

    /**
     * Moves up to one batch of the appends' rollup deltas into the rollup levels, in one transaction, as the
     * background compactor does each tick. Reports are the same before and after.
     *
     * @return how many delta rows were moved; fewer than the batch size means none was left (but those of
     *         appends still under way)
     */
    public int compactRollups() {
        return rollupCompactor.compactOnce();
    }

    /**
     * Starts the background work of a server now rather than at the first append: the rollup compactor, when its
     * {@link RollupCompaction} asks for background compaction (otherwise nothing starts). A server calls this when it
     * starts, so that delta rows an earlier run left behind (one stopped or killed during an import of history, say)
     * are compacted although no new event arrives; reports count those rows meanwhile, so they are exact either way,
     * only slower while many wait. Calling it again does nothing.
     */
    public void startBackground() {
        if (rollupCompactor.onRequestOnly()) {
            LOG.info("Rollup compaction in the background is off here: another server or process on the database "
                    + "must compact the rollup deltas, or reports slow down as they pile up");
            return;
        }
        rollupCompactor.start();
    }

    /**
     * The rollup delta rows waiting for compaction in this database, appended by any server and committed. Below
     * 100,000 rows they are counted exactly (a scan of at most that many rows); from 100,000 on, the number is
     * PostgreSQL's running estimate of the delta table's live rows ({@code pg_stat_user_tables.n_live_tup}), never
     * less than 100,000, which may lag the truth by a few seconds and, after PostgreSQL recovered from a crash, stays
     * low until the table is next vacuumed or analysed. Asks the database each time, within 2 seconds.
     *
     * @return the rows waiting; empty when the database cannot be asked within 2 seconds
     */
    public OptionalLong rollupBacklog() {
        return answerWithinTimeout(rollupCompactor::backlog).map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    /**
     * {@return the rollup delta rows that these adapters' compactor (background or {@link #compactRollups()}) has
     * moved into the rollup levels since the adapters were made, in compactions that committed; other servers'
     * compactors are not counted}
     */
    public long rollupRowsCompacted() {
        return rollupCompactor.rowsMoved();
    }

    /** The campaigns of this database. */
    @Override
    public CampaignCatalog campaignCatalog() {
        return campaignCatalog;
    }

    /** Appends tracked events through group commits: each append returns once its group has committed. */
    @Override
    public EventStore eventStore() {
        return eventStore;
    }

    /** The counts that reports are computed from: SQL only counts, the core does the maths. */
    @Override
    public ReportStore reportStore() {
        return reportStore;
    }

    /** The live feed: events in commit order, and word of new ones from every server on the database. */
    @Override
    public EventFeed eventFeed() {
        return eventFeed;
    }

    /**
     * Commits the appends already queued and stops taking new ones, stops the rollup compactor (deltas not yet
     * compacted stay for the next server; reports count them meanwhile), then stops the live feed's listener and
     * closes its connection. The pool is the caller's to close, afterwards.
     */
    @Override
    public void close() {
        try {
            eventStore.close();
        } finally {
            try {
                rollupCompactor.close();
            } finally {
                positionListener.close();
            }
        }
    }

    /** Raw events read one by one through a cursor, for exports of any size. */
    @Override
    public RawEventSource rawEventSource() {
        return rawEventSource;
    }

    /** {@return whether the database answers a trivial query within 2 seconds; never throws} */
    public boolean isDatabaseReachable() {
        return withinTimeout(this::answersTrivialQuery);
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
