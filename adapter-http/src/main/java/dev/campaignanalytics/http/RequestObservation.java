package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.IpAddress;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What every request leaves behind, whatever its route: a request id, one access-log line and one sample of the
 * {@code http.server.requests} timer.
 *
 * <p><b>Request id.</b> Taken from the request's {@code X-Request-Id} when it is 1 to 128 characters of
 * {@code [A-Za-z0-9._-]} (so that a client or proxy can follow a request across systems), otherwise a new random
 * one. It is echoed in the {@code X-Request-Id} response header and put in the logging MDC as {@code request_id} for
 * as long as the request is handled, so every line logged meanwhile carries it.
 *
 * <p><b>Access log</b> (logger {@value #ACCESS_LOGGER}): method, route template, status, duration in milliseconds,
 * the client's anonymised address (IPv4 with the last octet, IPv6 with the last 80 bits zeroed) and the request id.
 * Never the raw path, the query string (which may carry an access token), headers or bodies. Health probes, metric
 * scrapes and the accepted requests of the public tracking routes are logged at DEBUG, everything else at INFO: a
 * tracking endpoint answers thousands of requests a second, each already counted in the metrics (and its events in
 * {@code analytics_events_total}), so a line each would cost a good part of the request's CPU and drown the
 * admin lines; a refused or failed tracking request (status 400 and up) is still logged at INFO.
 *
 * <p><b>Metrics</b>: {@code http.server.requests}, a timer by {@code method}, {@code route} (the route template such
 * as {@code /v1/marketing/admin/campaigns/{id}}, or {@value #UNMATCHED} when no route matched, so that clients
 * cannot create series at will) and {@code status}, with histogram buckets from 5 ms to 10 s.
 */
final class RequestObservation {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    static final String ACCESS_LOGGER = "dev.campaignanalytics.http.access";
    static final String UNMATCHED = "unmatched";
    private static final String ATTRIBUTE = "campaign-analytics.request-id";
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final boolean trustProxy;
    private final Set<String> trackingRoutes;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private RequestObservation(MeterRegistry registry, boolean trustProxy, Set<String> trackingRoutes) {
        this.registry = registry;
        this.trustProxy = trustProxy;
        this.trackingRoutes = Set.copyOf(trackingRoutes);
    }

    /**
     * Observes every request of the API being configured.
     *
     * @param trackingRoutes the route templates of the public tracking routes, whose accepted requests are logged at
     *                       DEBUG
     */
    static void install(JavalinConfig cfg, MeterRegistry registry, boolean trustProxy, Set<String> trackingRoutes) {
        RequestObservation observation = new RequestObservation(registry, trustProxy, trackingRoutes);
        cfg.routes.before(observation::begin);
        cfg.requestLogger.http(observation::end);
    }

    /** The id the request is known by: the caller's own when acceptable, else a new one. */
    static String requestId(String given) {
        return given != null && VALID_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** {@return the id of a request being observed, or {@code null} before it is given one} */
    static String requestIdOf(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /**
     * Runs part of a request's work on a thread other than the one that began it, with the request's id in the MDC
     * meanwhile (see {@link AsyncAnswer}).
     */
    static void withRequestId(String id, Runnable work) {
        if (id == null) {
            work.run();
            return;
        }
        MDC.put(MDC_KEY, id);
        try {
            work.run();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The request goes on without this thread: lines it logs from now on are not the request's. */
    static void leaveThread() {
        MDC.remove(MDC_KEY);
    }

    private void begin(Context ctx) {
        String id = requestId(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /**
     * Runs once the answer is written, on the thread that finished the request: for an asynchronous request (a live
     * stream) that is not the thread that began it, so the id is put back in the MDC for the log line.
     */
    private void end(Context ctx, Float executionMillis) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = requestId(null);
        }
        try {
            MDC.put(MDC_KEY, id);
            long nanos = (long) (executionMillis.doubleValue() * 1_000_000);
            String method = ctx.method().name();
            String route = routeOf(ctx);
            int status = ctx.statusCode();
            timers.computeIfAbsent(new TimerKey(method, route, status), this::timer)
                    .record(nanos, TimeUnit.NANOSECONDS);
            Level level = isRoutine(route, status) ? Level.DEBUG : Level.INFO;
            if (!ACCESS.isEnabledForLevel(level)) {
                return;
            }
            // tenths of a millisecond, rounded half up as "%.1f" would, without a Formatter per request
            long tenths = Math.round(executionMillis.doubleValue() * 10);
            String millis = (tenths / 10) + "." + (tenths % 10);
            IpAddress client = RequestOrigin.of(ctx, trustProxy).ipAddress();
            String anonymised = client == null ? "-" : client.anonymized().toString();
            ACCESS.atLevel(level)
                    .addKeyValue("method", method)
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", tenths / 10.0)
                    .addKeyValue("client", anonymised)
                    .log("{} {} {} {} ms client={}", method, route, status, millis, anonymised);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** One timer per method, route template and status: a bounded set, registered once. */
    private record TimerKey(String method, String route, int status) {
    }

    private Timer timer(TimerKey key) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static String routeOf(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? UNMATCHED : endpoint.path;
    }

    /** Probes, scrapes and accepted tracking requests: logged at DEBUG. */
    private boolean isRoutine(String route, int status) {
        return route.startsWith("/health") || route.equals("/metrics")
                || (status < 400 && trackingRoutes.contains(route));
    }
}
