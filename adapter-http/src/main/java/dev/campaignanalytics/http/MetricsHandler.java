package dev.campaignanalytics.http;

import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.AuthenticationFailedException;
import dev.campaignanalytics.http.auth.PermissionDeniedException;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the metrics in the Prometheus text format. In token mode the caller presents
 * {@code Authorization: Bearer <token>} with either the configured static token (compared in constant time) or a
 * JWT of a {@code super_admin}; no token is a 401, a valid JWT of anyone else a 403.
 */
final class MetricsHandler implements Handler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsAccess access;
    private final AccessControl accessControl;

    MetricsHandler(MetricsAccess access, AccessControl accessControl) {
        this.access = access;
        this.accessControl = accessControl;
    }

    @Override
    public void handle(Context ctx) {
        if (access.mode() == MetricsAccess.Mode.TOKEN) {
            authorize(ctx.header("Authorization"));
        }
        ctx.contentType(CONTENT_TYPE).result(access.scrape().get());
    }

    private void authorize(String authorization) {
        if (access.staticToken() != null && authorization != null && isStaticToken(authorization)) {
            return;
        }
        Principal caller;
        try {
            // any known permission: a super_admin holds them all, and only a super_admin passes below
            caller = accessControl.authorize(authorization, Permissions.ANALYTICS_READ);
        } catch (PermissionDeniedException e) {
            throw denied();
        } catch (AuthenticationFailedException e) {
            throw new AuthenticationFailedException("Metrics need a bearer token: the metrics token or the JWT of a "
                    + "super_admin");
        }
        if (!caller.roles().contains(Permissions.SUPER_ADMIN)) {
            throw denied();
        }
    }

    private boolean isStaticToken(String authorization) {
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = value.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, access.staticToken().getBytes(StandardCharsets.UTF_8));
    }

    private static PermissionDeniedException denied() {
        return new PermissionDeniedException("Metrics are for a super_admin or the holder of the metrics token");
    }
}
