package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.Envelope.Failure;
import dev.campaignanalytics.http.Envelope.FieldError;
import dev.campaignanalytics.http.auth.AuthenticationFailedException;
import dev.campaignanalytics.http.auth.PermissionDeniedException;
import dev.campaignanalytics.http.auth.SigningKeysUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one place where a failure becomes an HTTP answer. A client mistake is always a 4xx that says what to fix; the
 * store being away is a 503 the client may retry; only a fault of the server itself is a 500, and it is logged
 * with its cause while the client sees a generic message.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying when the store is unavailable. */
    static final String RETRY_AFTER_SECONDS = "1";

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(InvalidInputException.class, (e, ctx) ->
                fail(ctx, 400, "The request is invalid", e.violations()));
        routes.exception(CampaignNotFoundException.class, (e, ctx) ->
                fail(ctx, 404, "Campaign " + e.campaignId() + " not found", List.of()));
        routes.exception(SigningKeysUnavailableException.class, (e, ctx) -> {
            LOG.warn("Admin token could not be checked: {}", e.getMessage());
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            fail(ctx, 503, "Tokens cannot be checked right now; retry later", List.of());
        });
        routes.exception(AuthenticationFailedException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate",
                    ctx.header("Authorization") == null ? "Bearer" : "Bearer error=\"invalid_token\"");
            fail(ctx, 401, e.getMessage(), List.of());
        });
        routes.exception(PermissionDeniedException.class, (e, ctx) ->
                fail(ctx, 403, e.getMessage(), List.of()));
        routes.exception(RequestRejected.class, (e, ctx) -> {
            if (e.status() == 503) {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e.getCause());
                ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            }
            fail(ctx, e.status(), e.getMessage(), e.violations());
        });
        routes.exception(TooManyRequests.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            fail(ctx, 429, e.getMessage(), List.of());
        });
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("Store unavailable while serving {} {}", ctx.method(), ctx.path(), e);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            fail(ctx, 503, "The store is temporarily unavailable and the request had no effect; retry later",
                    List.of());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String allow = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
            int status = e.getStatus();
            if (status == 405 && "OPTIONS".equals(allow)) {
                // Only a group's CORS preflight route (OPTIONS on every path below it) matches: no route is there.
                status = 404;
            }
            if (status == 405 && allow != null) {
                ctx.header("Allow", allow);
            }
            String message = status == 404 ? "No such route: " + ctx.method() + " " + ctx.path()
                    : status == 405 ? "Method " + ctx.method() + " is not allowed on " + ctx.path()
                    : e.getMessage();
            fail(ctx, status, message, List.of());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure while serving {} {}", ctx.method(), ctx.path(), e);
            fail(ctx, 500, "Internal server error", List.of());
        });
    }

    private static void fail(Context ctx, int status, String message, List<Violation> violations) {
        ctx.status(status).json(Failure.of(message, FieldError.of(violations)));
    }
}
