package dev.campaignanalytics.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.GroupCommit;
import dev.campaignanalytics.postgres.PostgresAdapters;

import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The configured database without the server, for commands that write to it directly ({@code import}): the same
 * database {@code serve} uses (ANALYTICS_DB_URL, or the embedded one in ANALYTICS_DATA_DIR), brought up to date by
 * the migrations, and tracking on it with the configured rules, exactly as the server wires it.
 */
final class EventDatabase implements AutoCloseable {
    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource dataSource;
    private final PostgresAdapters stores;
    private final CampaignAnalytics analytics;

    private EventDatabase(EmbeddedPostgresServer embedded, HikariDataSource dataSource, PostgresAdapters stores,
                          CampaignAnalytics analytics) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.stores = stores;
        this.analytics = analytics;
    }

    static EventDatabase open(AppConfig config, Clock clock) {
        EmbeddedPostgresServer embedded = null;
        HikariDataSource dataSource = null;
        PostgresAdapters stores = null;
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                dataSource = PostgresAdapters.pooledDataSource(embedded.jdbcUrl(), embedded.user(),
                        embedded.password());
            } else {
                dataSource = PostgresAdapters.pooledDataSource(config.dbUrl(), config.dbUser(), config.dbPassword());
            }
            GroupCommit groupCommit = config.groupCommit();
            // Compacts in the background from its first append, as configured for the server.
            stores = PostgresAdapters.create(dataSource, groupCommit, UnaryOperator.identity(),
                    config.rollupCompaction());
            stores.migrate();
            CampaignAnalytics analytics = CampaignAnalytics.builder(stores, ExportFormats.standard())
                    .clock(clock)
                    .trackingPolicy(config.trackingPolicy())
                    .build();
            return new EventDatabase(embedded, dataSource, stores, analytics);
        } catch (RuntimeException e) {
            closeQuietly(stores);
            closeQuietly(dataSource);
            closeQuietly(embedded);
            throw e;
        }
    }

    TrackEventsUseCase tracking() {
        return analytics.tracking();
    }

    /** Where the events go, for people: the embedded directory or the URL without its parameters. */
    static String describe(AppConfig config) {
        return config.embeddedDatabase()
                ? "embedded PostgreSQL in " + config.dataDir().toAbsolutePath().normalize().resolve("postgres")
                : config.dbUrl().split("\\?", 2)[0];
    }

    @Override
    public void close() {
        closeQuietly(analytics);
        closeQuietly(stores);
        closeQuietly(dataSource);
        closeQuietly(embedded);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing what is left after a failure; the failure itself is what the caller reports
        }
    }
}
