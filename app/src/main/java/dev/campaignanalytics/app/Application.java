package dev.campaignanalytics.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.http.HttpApi;
import dev.campaignanalytics.http.HttpDependencies;
import dev.campaignanalytics.http.HttpOperations;
import dev.campaignanalytics.http.MetricsAccess;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.GroupCommit;
import dev.campaignanalytics.postgres.PostgresAdapters;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running server: the database (embedded or external), the core services on it, and the HTTP API. Closing it
 * shuts down in order: readiness turns to 503 (draining) while the server goes on serving for the configured grace;
 * then live feed streams end, HTTP stops accepting connections and finishes the requests in flight, for at most the
 * configured timeout; then queued group commits finish and the live feed's database listener stops, then the pool
 * closes, then an embedded database stops.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** How long the token printed at start stays valid. */
    static final Duration LOCAL_TOKEN_TTL = Duration.ofHours(24);
    /** A message that starts with the variable it is about, e.g. "ANALYTICS_JWT_JWKS file cannot be read: …". */
    private static final Pattern SETTING_NAME = Pattern.compile("(ANALYTICS_[A-Z_]+)[ :]+");

    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource dataSource;
    private final PostgresAdapters adapters;
    /** Closed to end the live feed's streams. */
    private final CampaignAnalytics liveFeed;
    private final RawRetention retention;
    private final Javalin http;
    private final String localAdminToken;
    private final ServerMetrics metrics;
    private final AtomicBoolean draining;
    private final Duration shutdownGrace;
    private boolean closed;

    private Application(EmbeddedPostgresServer embedded, HikariDataSource dataSource, PostgresAdapters adapters,
                        RawRetention retention, CampaignAnalytics liveFeed, Javalin http, String localAdminToken,
                        ServerMetrics metrics, AtomicBoolean draining, Duration shutdownGrace) {
        this.embedded = embedded;
        this.retention = retention;
        this.dataSource = dataSource;
        this.adapters = adapters;
        this.liveFeed = liveFeed;
        this.http = http;
        this.localAdminToken = localAdminToken;
        this.metrics = metrics;
        this.draining = draining;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Starts everything; on a failure part-way, what was started is stopped again.
     *
     * @throws ConfigException when the JWT settings cannot be used (e.g. an unreadable JWKS file); checked before the
     *                         database starts
     */
    public static Application start(AppConfig config, Clock clock) {
        String secret = config.jwtSecret();
        if (secret == null && config.jwtJwks() == null) {
            secret = SecretStore.loadOrCreate(config.dataDir());
        }
        JwtVerifier verifier = verifier(config, secret);

        EmbeddedPostgresServer embedded = null;
        HikariDataSource dataSource = null;
        PostgresAdapters adapters = null;
        RawRetention retention = null;
        ServerMetrics metrics = new ServerMetrics();
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                dataSource = PostgresAdapters.pooledDataSource(embedded.jdbcUrl(), embedded.user(),
                        embedded.password(), metrics.poolMetrics());
            } else {
                dataSource = PostgresAdapters.pooledDataSource(config.dbUrl(), config.dbUser(), config.dbPassword(),
                        metrics.poolMetrics());
            }
            GroupCommit groupCommit = config.groupCommit();
            PostgresAdapters stores = PostgresAdapters.create(dataSource, groupCommit, metrics::meterBatches,
                    config.rollupCompaction());
            adapters = stores;
            stores.migrate();
            // Deltas an earlier run left are compacted from now on, with or without new events.
            stores.startBackground();
            metrics.rollupCompaction(stores::rollupBacklog, stores::rollupRowsCompacted);
            if (config.rawRetentionMonths() > 0) {
                retention = RawRetention.start(stores, config.rawRetentionMonths(), clock);
            }

            var analytics = CampaignAnalytics.builder(stores, ExportFormats.standard())
                    .clock(clock)
                    .trackingPolicy(config.trackingPolicy())
                    .reportLimits(new ReportLimits(config.maxRangeDays()))
                    .decorateEventStore(metrics::meterWaits)
                    .build();
            metrics.feedSubscribers(analytics::liveFeedFollowers);
            HttpDependencies deps = new HttpDependencies(analytics.campaigns(), analytics.tracking(),
                    analytics.reports(), analytics.liveFeed(), stores::isDatabaseReachable,
                    new AccessControl(verifier), clock, analytics.exports());
            HttpSettings defaults = HttpSettings.defaults();
            HttpSettings settings = new HttpSettings(config.trustProxy(), config.maxBodyBytes(),
                    config.maxBatchEvents(), defaults.importTransactionSize(), defaults.maxImportRejections(),
                    config.defaultZone(), HttpSettings.DEFAULT_STREAM_HEARTBEAT, protection(config));
            AtomicBoolean draining = new AtomicBoolean();
            HttpOperations ops = new HttpOperations(metrics.registry(), metricsAccess(config, metrics),
                    stores::migrationsApplied, draining::get, config.shutdownTimeout());
            Javalin http = HttpApi.create(deps, settings, ops);
            http.start(config.httpHost(), config.httpPort());

            String token = secret == null ? null : TokenMinter.mint(secret, "local-admin", Permissions.SUPER_ADMIN,
                    List.of(), LOCAL_TOKEN_TTL, config.jwtIssuer(), config.jwtAudience(), clock);
            return new Application(embedded, dataSource, adapters, retention, analytics, http, token, metrics,
                    draining, config.shutdownGrace());
        } catch (RuntimeException e) {
            closeQuietly(retention);
            closeQuietly(adapters);
            closeQuietly(dataSource);
            closeQuietly(embedded);
            closeQuietly(metrics);
            throw e;
        }
    }

    /** The verifier of admin tokens; a JWT setting it cannot use (such as an unreadable JWKS file) is a ConfigException. */
    private static JwtVerifier verifier(AppConfig config, String secret) {
        try {
            return JwtVerifier.create(new JwtSettings(secret, config.jwtJwks(), config.jwtIssuer(),
                    config.jwtAudience(), config.jwtRoleClaim(), Duration.ofSeconds(60)));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher named = SETTING_NAME.matcher(message);
            if (named.lookingAt()) {
                throw new ConfigException(named.group(1), message.substring(named.end()));
            }
            throw new ConfigException("ANALYTICS_JWT_*", message);
        }
    }

    private static HttpSettings.Protection protection(AppConfig config) {
        return new HttpSettings.Protection(config.rateLimit(), config.adminRateLimit(), config.corsOrigins(),
                config.adminCorsOrigins(), config.maxPageSize(), config.maxEventDataBytes(),
                config.maxEventDataDepth());
    }

    private static MetricsAccess metricsAccess(AppConfig config, ServerMetrics metrics) {
        return switch (config.metrics()) {
            case OFF -> MetricsAccess.off();
            case PUBLIC -> new MetricsAccess(MetricsAccess.Mode.PUBLIC, null, metrics::scrape);
            case TOKEN -> new MetricsAccess(MetricsAccess.Mode.TOKEN, config.metricsToken(), metrics::scrape);
        };
    }

    /** The server's meters: where later parts (the live feed, group commit) report theirs. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Whether shutdown has begun: readiness answers 503 from then on. */
    public boolean isDraining() {
        return draining.get();
    }

    /** Tracking as the server does it, for loading events in-process (the {@code demo} command). */
    public TrackEventsUseCase tracking() {
        return liveFeed.tracking();
    }

    /** The campaigns the server serves, for creating them in-process (the {@code demo} command). */
    public ManageCampaignsUseCase campaigns() {
        return liveFeed.campaigns();
    }

    /** The port HTTP listens on. */
    public int port() {
        return http.port();
    }

    /** A {@code super_admin} token for local use, or {@code null} when the server verifies only JWKS keys. */
    public String localAdminToken() {
        return localAdminToken;
    }


    /**
     * Shuts down: readiness turns to 503 first; the server goes on serving for the grace, so that load balancers
     * notice; then HTTP stops accepting connections and waits up to the shutdown timeout for requests in flight;
     * then the pool closes and an embedded database stops. A group commit, once there is one, drains between HTTP
     * and the pool, so that every request HTTP waited for gets its outcome.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining.set(true);
        LOG.info("shutting down: readiness is DOWN; serving for {} ms more, then HTTP finishes what is in flight, "
                + "then queued commits, then the database pool{}", shutdownGrace.toMillis(),
                embedded != null ? ", then PostgreSQL" : "");
        try {
            if (!shutdownGrace.isZero()) {
                Thread.sleep(shutdownGrace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // Live streams never end by themselves; they would hold the stop until its timeout.
            closeQuietly(liveFeed);
            http.stop();
        } catch (RuntimeException e) {
            // Jetty stops anyway; it reports what it could not finish in time
            LOG.warn("HTTP stopped with requests cut off after the shutdown timeout: {}", e.toString());
        } finally {
            closeQuietly(retention);
            closeQuietly(adapters);
            closeQuietly(dataSource);
            closeQuietly(embedded);
            closeQuietly(metrics);
        }
        LOG.info("stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while shutting down {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
