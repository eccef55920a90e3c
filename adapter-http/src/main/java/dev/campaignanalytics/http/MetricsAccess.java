package dev.campaignanalytics.http;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who may read {@code GET /metrics}, and what it shows.
 *
 * @param mode        off (no such route), public (anyone), or token (a bearer token is required)
 * @param staticToken in token mode, a fixed bearer token for scrapers such as Prometheus (which cannot renew
 *                    expiring JWTs); {@code null} when only {@code super_admin} JWTs open the route
 * @param scrape      the current metrics in the Prometheus text format 0.0.4; not called in off mode
 */
public record MetricsAccess(Mode mode, String staticToken, Supplier<String> scrape) {
    public enum Mode {
        /** {@code /metrics} does not exist: 404 like any unknown route. */
        OFF,
        /** Anyone who reaches the server may read the metrics. */
        PUBLIC,
        /** {@code Authorization: Bearer <token>} with the static token or a JWT of a {@code super_admin}. */
        TOKEN
    }

    public MetricsAccess {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.OFF) {
            Objects.requireNonNull(scrape, "scrape");
        }
        if (staticToken != null && staticToken.isBlank()) {
            throw new IllegalArgumentException("a static metrics token must not be blank");
        }
    }

    /** No {@code /metrics} route. */
    public static MetricsAccess off() {
        return new MetricsAccess(Mode.OFF, null, null);
    }
}
