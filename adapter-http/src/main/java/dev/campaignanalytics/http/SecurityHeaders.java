package dev.campaignanalytics.http;

import io.javalin.http.Context;

import java.util.Map;

/**
 * The headers that keep a browser from misreading or embedding what this server sends, on every answer: the
 * routes', the static files' (the dashboard, Swagger UI's files) and the error pages Jetty writes itself for requests
 * it refuses before any route sees them ({@link JettyErrorPages}). They matter for HTML pages, and cost nothing on the
 * others:
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts, styles, images and requests from this server only (inline styles
 *       allowed, no inline scripts), no plugins, and no framing by any page ({@code frame-ancestors 'none'});</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: a body is only ever what its {@code Content-Type} says;</li>
 *   <li>{@code X-Frame-Options: DENY} for browsers that predate {@code frame-ancestors};</li>
 *   <li>{@code Referrer-Policy: no-referrer}: URLs of this server (which may hold a stream's access token) do not
 *       travel to other sites.</li>
 * </ul>
 * A route may set a stricter policy of its own (the API docs do).
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    /** Before every request; a route or static location that sets its own values replaces these. */
    static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }
}
