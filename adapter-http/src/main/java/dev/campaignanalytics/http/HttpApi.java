package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The HTTP API of campaign analytics: public live tracking, admin routes guarded by bearer tokens and permissions,
 * and a health check.
 *
 * <pre>
 * GET  /                                        the web dashboard (see {@link Dashboard})
 * GET  /health
 * GET  /openapi.json                             this API described in OpenAPI 3.1
 * GET  /docs                                     Swagger UI on /openapi.json
 * GET  /health/live                              liveness probe
 * GET  /health/ready                             readiness probe
 * GET  /metrics                                  Prometheus; off, public or token (see {@link MetricsAccess})
 * POST /v1/marketing/track-event                 public
 * POST /v1/marketing/track-events                public
 * GET  /v1/marketing/admin/campaigns             campaigns.read
 * GET  /v1/marketing/admin/campaigns/{id}        campaigns.read
 * POST /v1/marketing/admin/campaigns             campaigns.create
 * PUT  /v1/marketing/admin/campaigns/{id}        campaigns.update
 * POST /v1/marketing/admin/events/import         events.import
 * GET  /v1/marketing/admin/analytics/campaigns/{id}            analytics.read
 * GET  /v1/marketing/admin/analytics/campaigns/{id}/summary    analytics.read
 * GET  /v1/marketing/admin/analytics/campaigns/{id}/daily      analytics.read
 * GET  /v1/marketing/admin/analytics/campaigns/{id}/segmented  analytics.read
 * GET  /v1/marketing/admin/analytics/compare                   analytics.read
 * GET  /v1/marketing/admin/analytics/export      analytics.export
 * </pre>
 */
public final class HttpApi {
    /** The prefix of every API route. */
    public static final String API = "/v1/marketing";
    /** The public tracking routes: one event, and a batch. */
    static final String TRACK_EVENT = API + "/track-event";
    static final String TRACK_EVENTS = API + "/track-events";

    private HttpApi() {
    }

    /** The API, configured and routed but not started: the caller starts it with {@code start(host, port)}. */
    public static Javalin create(HttpDependencies deps, HttpSettings settings) {
        return create(deps, settings, HttpOperations.standalone());
    }

    /**
     * The API with its operations: every request is observed (request id, access log, metrics, see
     * {@link RequestObservation}), and stopping it is graceful: it stops accepting connections, then waits up to
     * {@link HttpOperations#stopTimeout()} for requests in flight.
     */
    public static Javalin create(HttpDependencies deps, HttpSettings settings, HttpOperations ops) {
        ObjectMapper mapper = ApiJson.newMapper();
        RequestBodies bodies = new RequestBodies(mapper);
        EventParser parser = new EventParser(mapper, settings.protection().maxEventDataBytes(),
                settings.protection().maxEventDataDepth());
        HealthHandler health = new HealthHandler(deps.databaseUp());
        CampaignHandlers campaigns = new CampaignHandlers(deps.campaigns(), bodies,
                settings.protection().maxPageSize());
        EventCounter events = new EventCounter(ops.registry());
        AsyncAnswer answers = new AsyncAnswer();
        TrackingHandlers tracking = new TrackingHandlers(deps.tracking(), parser, bodies, settings, deps.clock(),
                events, answers);
        ImportHandler imports = new ImportHandler(deps.tracking(), parser, mapper, settings, deps.clock(), events);
        ReportHandlers reports = new ReportHandlers(deps.reports(), deps.campaigns(), settings.defaultZone(),
                mapper);
        ExportHandler exports = new ExportHandler(deps.exports(), settings.defaultZone());
        AccessControl access = deps.accessControl();
        ApiDocs docs = ApiDocs.load();
        Dashboard dashboard = Dashboard.load();
        ProbeHandlers probes = new ProbeHandlers(deps.databaseUp(), ops.migrationsApplied(), ops.draining());
        HttpSettings.Protection protection = settings.protection();
        RateLimiter trackingLimit = RateLimiter.perSecondOrNone(protection.rateLimit());
        RateLimiter adminLimit = RateLimiter.perSecondOrNone(protection.adminRateLimit());
        LiveFeedHandler liveFeed = new LiveFeedHandler(deps.liveFeed(), access, adminLimit, mapper, settings);
        CrossOrigin trackingOrigins = new CrossOrigin(protection.corsOrigins(), List.of("POST"),
                List.of("Content-Type", "X-Request-Id"));
        CrossOrigin adminOrigins = new CrossOrigin(protection.adminCorsOrigins(), List.of("GET", "POST", "PUT"),
                List.of("Authorization", "Content-Type", "Last-Event-ID", "X-Request-Id"));

        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.prefer405over404 = true;
            // Routes read bodies themselves, each with its own limit; the import streams without one.
            cfg.http.maxRequestSize = settings.maxTrackingBodyBytes();
            ErrorMapping.register(cfg.routes);
            RequestObservation.install(cfg, ops.registry(), settings.trustProxy(), Set.of(TRACK_EVENT, TRACK_EVENTS));
            cfg.jetty.modifyServer(server -> {
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(ops.stopTimeout().toMillis());
                server.setErrorHandler(JettyErrorPages.handler(mapper));
                answers.runOn(server.getThreadPool());
            });
            cfg.routes.before(SecurityHeaders::apply);
            for (String path : List.of(TRACK_EVENT, TRACK_EVENTS)) {
                cfg.routes.before(path, trackingOrigins::decorate);
                // once the route is matched, so that the access log and metrics name it
                cfg.routes.beforeMatched(path, ctx -> limit(trackingLimit, ctx, settings.trustProxy()));
                cfg.routes.options(path, trackingOrigins::preflight);
            }
            cfg.routes.before(API + "/admin/*", adminOrigins::decorate);
            cfg.routes.options(API + "/admin/*", adminOrigins::preflight);

            cfg.routes.get("/health", health);
            cfg.routes.get(ApiDocs.DOCUMENT_PATH, docs::document);
            cfg.routes.get(ApiDocs.PAGE_PATH, docs::page);
            cfg.routes.get(Dashboard.PAGE_PATH, dashboard::page);
            ClasspathFiles files = new ClasspathFiles();
            docs.addAssets(files);
            dashboard.addAssets(files);
            cfg.resourceHandler(files);
            cfg.routes.get("/health/live", probes::live);
            cfg.routes.get("/health/ready", probes::ready);
            if (ops.metrics().mode() != MetricsAccess.Mode.OFF) {
                cfg.routes.get("/metrics", new MetricsHandler(ops.metrics(), access));
            }

            cfg.routes.post(TRACK_EVENT, tracking::trackOne);
            cfg.routes.post(TRACK_EVENTS, tracking::trackMany);

            cfg.routes.get(API + "/admin/campaigns",
                    guarded(access, adminLimit, Permissions.CAMPAIGNS_READ, campaigns::list));
            cfg.routes.get(API + "/admin/campaigns/{id}",
                    guarded(access, adminLimit, Permissions.CAMPAIGNS_READ, campaigns::get));
            cfg.routes.post(API + "/admin/campaigns",
                    guarded(access, adminLimit, Permissions.CAMPAIGNS_CREATE, campaigns::create));
            cfg.routes.put(API + "/admin/campaigns/{id}",
                    guarded(access, adminLimit, Permissions.CAMPAIGNS_UPDATE, campaigns::update));
            cfg.routes.post(API + "/admin/events/import",
                    guarded(access, adminLimit, Permissions.EVENTS_IMPORT, imports::handle));

            UnaryOperator<Handler> analytics = route -> guarded(access, adminLimit,
                    Permissions.ANALYTICS_READ, route);
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}", analytics.apply(reports::report));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/summary", analytics.apply(reports::summary));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/daily", analytics.apply(reports::daily));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/segmented", analytics.apply(reports::segmented));
            cfg.routes.get(API + "/admin/analytics/compare", analytics.apply(reports::compare));
            // Authorizes itself and counts against the admin limit: it also takes the token from the query, for
            // EventSource clients.
            cfg.routes.get(API + "/admin/analytics/stream", liveFeed);
            cfg.routes.get(API + "/admin/analytics/export",
                    guarded(access, adminLimit, Permissions.ANALYTICS_EXPORT, exports::handle));
        });
    }

    /**
     * An admin route: the caller's bearer token must grant {@code permission} before anything else is read, and its
     * subject must be within its rate limit ({@code limit}, {@code null} for none).
     */
    private static Handler guarded(AccessControl access, RateLimiter limit, String permission, Handler route) {
        return ctx -> {
            withinAdminLimit(limit, access.authorize(ctx.header("Authorization"), permission));
            route.handle(ctx);
        };
    }

    /** Counts an authorized admin request against its token subject's limit ({@code null} for none). */
    static void withinAdminLimit(RateLimiter limit, Principal caller) {
        if (limit != null) {
            long wait = limit.acquire(caller.subject());
            if (wait > 0) {
                throw new TooManyRequests("admin requests for one token subject", RateLimiter.retryAfterSeconds(wait));
            }
        }
    }

    /** A public tracking request within the rate limit of its client address ({@code limit}, {@code null} for none). */
    private static void limit(RateLimiter limit, Context ctx, boolean trustProxy) {
        if (limit == null || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        long wait = limit.acquire(RequestOrigin.rateKey(ctx, trustProxy));
        if (wait > 0) {
            throw new TooManyRequests("tracking requests from one address; send many events in one "
                    + "POST " + TRACK_EVENTS, RateLimiter.retryAfterSeconds(wait));
        }
    }
}
