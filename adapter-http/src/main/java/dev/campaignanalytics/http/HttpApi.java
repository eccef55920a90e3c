package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.Permissions;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;

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
        EventParser parser = new EventParser(mapper);
        HealthHandler health = new HealthHandler(deps.databaseUp());
        CampaignHandlers campaigns = new CampaignHandlers(deps.campaigns(), bodies);
        EventCounter events = new EventCounter(ops.registry());
        TrackingHandlers tracking = new TrackingHandlers(deps.tracking(), parser, bodies, settings, deps.clock(),
                events);
        ImportHandler imports = new ImportHandler(deps.tracking(), parser, mapper, settings, deps.clock(), events);
        ReportHandlers reports = new ReportHandlers(deps.reports(), deps.campaigns(), settings.defaultZone());
        ExportHandler exports = new ExportHandler(deps.exports());
        AccessControl access = deps.accessControl();
        ApiDocs docs = ApiDocs.load();
        Dashboard dashboard = Dashboard.load();
        LiveFeedHandler liveFeed = new LiveFeedHandler(deps.liveFeed(), access, mapper, settings);
        ProbeHandlers probes = new ProbeHandlers(deps.databaseUp(), ops.migrationsApplied(), ops.draining());

        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.prefer405over404 = true;
            // Routes read bodies themselves, each with its own limit; the import streams without one.
            cfg.http.maxRequestSize = settings.maxTrackingBodyBytes();
            ErrorMapping.register(cfg.routes);
            RequestObservation.install(cfg, ops.registry(), settings.trustProxy());
            cfg.jetty.modifyServer(server -> {
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(ops.stopTimeout().toMillis());
            });

            cfg.routes.get("/health", health);
            cfg.routes.get(ApiDocs.DOCUMENT_PATH, docs::document);
            cfg.routes.get(ApiDocs.PAGE_PATH, docs::page);
            docs.serveAssets(cfg.staticFiles);
            cfg.routes.get(Dashboard.PAGE_PATH, dashboard::page);
            dashboard.serveAssets(cfg.staticFiles);
            cfg.routes.get("/health/live", probes::live);
            cfg.routes.get("/health/ready", probes::ready);
            if (ops.metrics().mode() != MetricsAccess.Mode.OFF) {
                cfg.routes.get("/metrics", new MetricsHandler(ops.metrics(), access));
            }

            cfg.routes.post(API + "/track-event", tracking::trackOne);
            cfg.routes.post(API + "/track-events", tracking::trackMany);

            cfg.routes.get(API + "/admin/campaigns",
                    guarded(access, Permissions.CAMPAIGNS_READ, campaigns::list));
            cfg.routes.get(API + "/admin/campaigns/{id}",
                    guarded(access, Permissions.CAMPAIGNS_READ, campaigns::get));
            cfg.routes.post(API + "/admin/campaigns",
                    guarded(access, Permissions.CAMPAIGNS_CREATE, campaigns::create));
            cfg.routes.put(API + "/admin/campaigns/{id}",
                    guarded(access, Permissions.CAMPAIGNS_UPDATE, campaigns::update));
            cfg.routes.post(API + "/admin/events/import",
                    guarded(access, Permissions.EVENTS_IMPORT, imports::handle));

            UnaryOperator<Handler> analytics = route -> guarded(access, Permissions.ANALYTICS_READ, route);
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}", analytics.apply(reports::report));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/summary", analytics.apply(reports::summary));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/daily", analytics.apply(reports::daily));
            cfg.routes.get(API + "/admin/analytics/campaigns/{id}/segmented", analytics.apply(reports::segmented));
            cfg.routes.get(API + "/admin/analytics/compare", analytics.apply(reports::compare));
            // Authorizes itself: it also takes the token from the query, for EventSource clients.
            cfg.routes.get(API + "/admin/analytics/stream", liveFeed);
            cfg.routes.get(API + "/admin/analytics/export",
                    guarded(access, Permissions.ANALYTICS_EXPORT, exports::handle));
        });
    }

    /** An admin route: the caller's bearer token must grant {@code permission} before anything else is read. */
    private static Handler guarded(AccessControl access, String permission, Handler route) {
        return ctx -> {
            access.authorize(ctx.header("Authorization"), permission);
            route.handle(ctx);
        };
    }
}
