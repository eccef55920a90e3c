package dev.campaignanalytics.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may call a group of routes from a browser (CORS, see the Fetch standard): the origins configured,
 * {@code *} for any, none when the list is empty. A page from another origin gets no
 * {@code Access-Control-Allow-Origin}, so its browser keeps the answer from it; the request itself is answered as
 * usual, since CORS protects readers, not the server. Every answer of the group says {@code Vary: Origin}, so that
 * caches keep answers for different origins apart.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed origin is answered 204
 * with the methods and headers the group takes; from any other origin, 204 without them.
 */
final class CrossOrigin {
    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE_SECONDS = "600";
    /** Answer headers a page may read besides the simple ones. */
    private static final String EXPOSED = "Retry-After, X-Request-Id";

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final String methods;
    private final Set<String> headers;

    /**
     * @param origins origins as a browser sends them ({@code https://shop.example}, no path), or {@code *}
     * @param methods the methods of the group's routes
     * @param headers the request headers the group's routes read, besides the ones CORS always allows
     */
    CrossOrigin(List<String> origins, List<String> methods, List<String> headers) {
        this.anyOrigin = origins.contains("*");
        this.origins = origins.stream().map(CrossOrigin::normalized).collect(Collectors.toUnmodifiableSet());
        this.methods = String.join(", ", methods);
        this.headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static String normalized(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** Whether a page of {@code origin} (the {@code Origin} header, may be {@code null}) may read the answers. */
    boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        return anyOrigin || origins.contains(normalized(origin));
    }

    /** Before every request of the group: the headers that let an allowed page read the answer, error or not. */
    void decorate(Context ctx) {
        if (origins.isEmpty()) {
            return;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (allows(origin)) {
            ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED);
        }
    }

    /** {@code OPTIONS} on a route of the group: a preflight, or a plain question of which methods there are. */
    void preflight(Context ctx) {
        ctx.header("Allow", methods + ", OPTIONS");
        String method = ctx.header("Access-Control-Request-Method");
        if (method != null && allows(ctx.header("Origin")) && allowsMethod(method)
                && allowsHeaders(ctx.header("Access-Control-Request-Headers"))) {
            ctx.header("Access-Control-Allow-Methods", methods);
            String requested = ctx.header("Access-Control-Request-Headers");
            if (requested != null && !requested.isBlank()) {
                ctx.header("Access-Control-Allow-Headers", requested);
            }
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        } else {
            // Not allowed: nothing that lets the browser go on; the headers set before this are taken back.
            ctx.res().setHeader("Access-Control-Allow-Origin", null);
            ctx.res().setHeader("Access-Control-Expose-Headers", null);
        }
        ctx.status(204);
    }

    private boolean allowsMethod(String method) {
        String m = method.strip().toUpperCase(Locale.ROOT);
        return !m.equals(HandlerType.OPTIONS.name()) && List.of(methods.split(", ")).contains(m);
    }

    private boolean allowsHeaders(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        for (String h : requested.split(",")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
