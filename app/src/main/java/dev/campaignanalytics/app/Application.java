package dev.campaignanalytics.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.core.service.CampaignService;
import dev.campaignanalytics.core.service.ExportService;
import dev.campaignanalytics.core.service.ReportService;
import dev.campaignanalytics.core.service.TrackingService;
import dev.campaignanalytics.export.ExportFormats;
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
 * shuts down in order: HTTP stops accepting and finishes in-flight requests, then the pool closes, then an embedded
 * database stops.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** How long the token printed at start stays valid. */
    static final Duration LOCAL_TOKEN_TTL = Duration.ofHours(24);

    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource dataSource;
    private final Javalin http;
    private final String localAdminToken;
    private boolean closed;

    private Application(EmbeddedPostgresServer embedded, HikariDataSource dataSource, Javalin http,
                        String localAdminToken) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.http = http;
        this.localAdminToken = localAdminToken;
    }

    /** Starts everything; on a failure part-way, what was started is stopped again. */
    public static Application start(AppConfig config, Clock clock) {
        EmbeddedPostgresServer embedded = null;
        HikariDataSource dataSource = null;
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                dataSource = PostgresAdapters.pooledDataSource(embedded.jdbcUrl(), embedded.user(),
                        embedded.password());
            } else {
                dataSource = PostgresAdapters.pooledDataSource(config.dbUrl(), config.dbUser(), config.dbPassword());
            }
            PostgresAdapters adapters = PostgresAdapters.create(dataSource);
            adapters.migrate();

            String secret = config.jwtSecret();
            if (secret == null && config.jwtJwks() == null) {
                secret = SecretStore.loadOrCreate(config.dataDir());
            }
            JwtVerifier verifier = JwtVerifier.create(new JwtSettings(secret, config.jwtJwks(), config.jwtIssuer(),
                    config.jwtAudience(), config.jwtRoleClaim(), Duration.ofSeconds(60)));

            var campaigns = new CampaignService(adapters.campaignCatalog(), clock);
            var tracking = new TrackingService(adapters.campaignCatalog(), adapters.eventStore(), clock,
                    new TrackingPolicy(config.trackMaxFuture(), config.trackMaxPast(), config.ipAnonymize()));
            var reports = new ReportService(adapters.campaignCatalog(), adapters.reportStore(), clock,
                    new ReportLimits(config.maxRangeDays()));
            var exports = new ExportService(reports, adapters.campaignCatalog(), adapters.rawEventSource(),
                    ExportFormats.standard());
            HttpDependencies deps = new HttpDependencies(campaigns, tracking, reports, adapters::isDatabaseReachable,
                    new AccessControl(verifier), clock, exports);
            HttpSettings defaults = HttpSettings.defaults();
            HttpSettings settings = new HttpSettings(config.trustProxy(), defaults.maxTrackingBodyBytes(),
                    defaults.maxBatchEvents(), defaults.importTransactionSize(), defaults.maxImportRejections());
            Javalin http = HttpApi.create(deps, settings);
            http.start(config.httpHost(), config.httpPort());

            String token = secret == null ? null : TokenMinter.mint(secret, "local-admin", Permissions.SUPER_ADMIN,
                    List.of(), LOCAL_TOKEN_TTL, config.jwtIssuer(), config.jwtAudience(), clock);
            return new Application(embedded, dataSource, http, token);
        } catch (RuntimeException e) {
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
        LOG.info("shutting down: HTTP first, then the database pool{}", embedded != null ? ", then PostgreSQL" : "");
        try {
            http.stop();
        } finally {
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
