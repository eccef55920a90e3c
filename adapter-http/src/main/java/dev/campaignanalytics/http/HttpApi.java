package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.Permissions;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;

/**
 * The HTTP API of campaign analytics: public live tracking, admin routes guarded by bearer tokens and permissions,
 * and a health check.
 *
 * <pre>
 * GET  /health
 * POST /v1/marketing/track-event                 public
 * POST /v1/marketing/track-events                public
 * GET  /v1/marketing/admin/campaigns             campaigns.read
 * GET  /v1/marketing/admin/campaigns/{id}        campaigns.read
 * POST /v1/marketing/admin/campaigns             campaigns.create
 * PUT  /v1/marketing/admin/campaigns/{id}        campaigns.update
 * POST /v1/marketing/admin/events/import         events.import
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
        ObjectMapper mapper = ApiJson.newMapper();
        RequestBodies bodies = new RequestBodies(mapper);
        EventParser parser = new EventParser(mapper);
        HealthHandler health = new HealthHandler(deps.databaseUp());
        CampaignHandlers campaigns = new CampaignHandlers(deps.campaigns(), bodies);
        TrackingHandlers tracking = new TrackingHandlers(deps.tracking(), parser, bodies, settings, deps.clock());
        ImportHandler imports = new ImportHandler(deps.tracking(), parser, mapper, settings, deps.clock());
        ExportHandler exports = new ExportHandler(deps.exports());
        AccessControl access = deps.accessControl();

        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.prefer405over404 = true;
            // Routes read bodies themselves, each with its own limit; the import streams without one.
            cfg.http.maxRequestSize = settings.maxTrackingBodyBytes();
            ErrorMapping.register(cfg.routes);

            cfg.routes.get("/health", health);

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
