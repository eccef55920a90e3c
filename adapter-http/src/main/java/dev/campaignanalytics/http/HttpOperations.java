package dev.campaignanalytics.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the API needs to be operated: where it records its metrics, who may read them, what readiness asks, and how
 * long a stop waits for requests in flight.
 *
 * @param registry          receives {@code http.server.requests} (by method, route template and status) and
 *                          {@code analytics.events} (by endpoint and outcome)
 * @param metrics           whether and for whom {@code GET /metrics} exists
 * @param migrationsApplied whether the database holds every migration this build expects; asked by
 *                          {@code GET /health/ready} while the database answers
 * @param draining          whether the server is shutting down; from then on {@code GET /health/ready} answers 503
 *                          so that load balancers stop sending traffic, while requests still get served
 * @param stopTimeout       how long stopping the server waits for requests in flight to finish after it stops
 *                          accepting connections; what is still running then is cut off. Meanwhile a connection
 *                          that stays quiet for a second (an idle keep-alive connection, an upload that stalls) is
 *                          closed, as Jetty does on a graceful stop; a request that is busy on the server side is not
 */
public record HttpOperations(MeterRegistry registry, MetricsAccess metrics, BooleanSupplier migrationsApplied,
                             BooleanSupplier draining, Duration stopTimeout) {
    public HttpOperations {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(migrationsApplied, "migrationsApplied");
        Objects.requireNonNull(draining, "draining");
        if (stopTimeout == null || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must be zero or positive: " + stopTimeout);
        }
    }

    /**
     * For an API embedded by a caller that migrated the database before creating it and does not operate it: metrics
     * are recorded into a registry nobody reads and {@code /metrics} is off, readiness takes the migrations as applied
     * and the server as never draining, and a stop waits at most 5 seconds for requests in flight.
     */
    public static HttpOperations standalone() {
        return new HttpOperations(new SimpleMeterRegistry(), MetricsAccess.off(), () -> true, () -> false,
                Duration.ofSeconds(5));
    }
}
