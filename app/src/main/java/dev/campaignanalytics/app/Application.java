package dev.campaignanalytics.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.core.service.CampaignService;
import dev.campaignanalytics.core.service.LiveFeedService;
import dev.campaignanalytics.core.service.ReportService;
import dev.campaignanalytics.core.service.TrackingService;
import dev.campaignanalytics.http.HttpApi;
import dev.campaignanalytics.http.HttpDependencies;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.PostgresAdapters;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The running server: the database (embedded or external), the core services on it, and the HTTP API. Closing it
 * shuts down in order: live feed streams end, HTTP stops accepting and finishes in-flight requests, queued group
 * commits finish and the live feed's database listener stops, then the pool closes, then an embedded database stops.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** How long the token printed at start stays valid. */
    static final Duration LOCAL_TOKEN_TTL = Duration.ofHours(24);

    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource dataSource;
    private final PostgresAdapters adapters;
    private final LiveFeedService liveFeed;
    private final Javalin http;
    private final String localAdminToken;
    private boolean closed;

    private Application(EmbeddedPostgresServer embedded, HikariDataSource dataSource, PostgresAdapters adapters,
                        LiveFeedService liveFeed, Javalin http, String localAdminToken) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.adapters = adapters;
        this.liveFeed = liveFeed;
        this.http = http;
        this.localAdminToken = localAdminToken;
    }

    /** Starts everything; on a failure part-way, what was started is stopped again. */
    public static Application start(AppConfig config, Clock clock) {
        EmbeddedPostgresServer embedded = null;
        HikariDataSource dataSource = null;
        PostgresAdapters adapters = null;
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                dataSource = PostgresAdapters.pooledDataSource(embedded.jdbcUrl(), embedded.user(),
                        embedded.password());
            } else {
                dataSource = PostgresAdapters.pooledDataSource(config.dbUrl(), config.dbUser(), config.dbPassword());
            }
            PostgresAdapters stores = PostgresAdapters.create(dataSource);
            adapters = stores;
            stores.migrate();

            String secret = config.jwtSecret();
            if (secret == null && config.jwtJwks() == null) {
                secret = SecretStore.loadOrCreate(config.dataDir());
            }
            JwtVerifier verifier = JwtVerifier.create(new JwtSettings(secret, config.jwtJwks(), config.jwtIssuer(),
                    config.jwtAudience(), config.jwtRoleClaim(), Duration.ofSeconds(60)));

            var campaigns = new CampaignService(stores.campaignCatalog(), clock);
            var tracking = new TrackingService(stores.campaignCatalog(), stores.eventStore(), clock,
                    new TrackingPolicy(config.trackMaxFuture(), config.trackMaxPast(), config.ipAnonymize()));
            var reports = new ReportService(stores.campaignCatalog(), stores.reportStore(), clock,
                    new ReportLimits(config.maxRangeDays()));
            var liveFeed = new LiveFeedService(stores.campaignCatalog(), stores.eventFeed());
            HttpDependencies deps = new HttpDependencies(campaigns, tracking, reports, liveFeed,
                    stores::isDatabaseReachable, new AccessControl(verifier), clock);
            HttpSettings defaults = HttpSettings.defaults();
            HttpSettings settings = new HttpSettings(config.trustProxy(), defaults.maxTrackingBodyBytes(),
                    defaults.maxBatchEvents(), defaults.importTransactionSize(), defaults.maxImportRejections(),
                    config.defaultZone(), HttpSettings.DEFAULT_STREAM_HEARTBEAT);
            Javalin http = HttpApi.create(deps, settings);
            http.start(config.httpHost(), config.httpPort());

            String token = secret == null ? null : TokenMinter.mint(secret, "local-admin", Permissions.SUPER_ADMIN,
                    List.of(), LOCAL_TOKEN_TTL, config.jwtIssuer(), config.jwtAudience(), clock);
            return new Application(embedded, dataSource, adapters, liveFeed, http, token);
        } catch (RuntimeException e) {
            closeQuietly(adapters);
            closeQuietly(dataSource);
            closeQuietly(embedded);
            throw e;
        }
    }

    /** The port HTTP listens on. */
    public int port() {
        return http.port();
    }

    /** A {@code super_admin} token for local use, or {@code null} when the server verifies only JWKS keys. */
    public String localAdminToken() {
        return localAdminToken;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("shutting down: live feed streams and HTTP first, then queued commits, the database listener and "
                + "pool{}",
                embedded != null ? ", then PostgreSQL" : "");
        try {
            closeQuietly(liveFeed);
            http.stop();
        } finally {
            closeQuietly(adapters);
            closeQuietly(dataSource);
            closeQuietly(embedded);
        }
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
