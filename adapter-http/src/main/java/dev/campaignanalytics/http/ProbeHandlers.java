package dev.campaignanalytics.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The probes of an orchestrator or load balancer, which read the status code.
 *
 * <ul>
 *   <li>{@code GET /health/live}: the process is up and serving HTTP; 200 {@code {"status":"UP"}}. It asks nothing
 *   else, so that a database outage never gets the process restarted.</li>
 *   <li>{@code GET /health/ready}: this instance should get traffic: the database answers, it holds every migration
 *   this build expects, and the server is not shutting down. 200 when all hold, otherwise 503 with the failing
 *   parts, e.g. {@code {"status":"DOWN","database":"UP","migrations":"UP","draining":true}}. Migrations read
 *   {@code UNKNOWN} while the database does not answer.</li>
 * </ul>
 */
final class ProbeHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeHandlers.class);
    private final BooleanSupplier databaseUp;
    private final BooleanSupplier migrationsApplied;
    private final BooleanSupplier draining;

    ProbeHandlers(BooleanSupplier databaseUp, BooleanSupplier migrationsApplied, BooleanSupplier draining) {
        this.databaseUp = databaseUp;
        this.migrationsApplied = migrationsApplied;
        this.draining = draining;
    }

    record Liveness(String status) {
    }

    record Readiness(String status, String database, String migrations, boolean draining) {
    }

    void live(Context ctx) {
        ctx.json(new Liveness("UP"));
    }

    void ready(Context ctx) {
        boolean isDraining = draining.getAsBoolean();
        boolean database = holds("database", databaseUp);
        String migrations = !database ? "UNKNOWN" : holds("migrations", migrationsApplied) ? "UP" : "DOWN";
        boolean ready = !isDraining && database && migrations.equals("UP");
        ctx.status(ready ? 200 : 503)
                .json(new Readiness(ready ? "UP" : "DOWN", database ? "UP" : "DOWN", migrations, isDraining));
    }

    private static boolean holds(String what, BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("Readiness check of the {} failed", what, e);
            return false;
        }
    }
}
