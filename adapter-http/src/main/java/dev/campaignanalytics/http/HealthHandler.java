package dev.campaignanalytics.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: whether this instance can do its work, which it can only while its database answers. Load
 * balancers read the status code: 200 when up, 503 when down.
 */
final class HealthHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
    private final BooleanSupplier databaseUp;

    HealthHandler(BooleanSupplier databaseUp) {
        this.databaseUp = databaseUp;
    }

    /** {@code {"status": "UP"|"DOWN", "database": "UP"|"DOWN"}} */
    record Health(String status, String database) {
    }

    @Override
    public void handle(Context ctx) {
        boolean up = isDatabaseUp();
        String state = up ? "UP" : "DOWN";
        ctx.status(up ? 200 : 503).json(new Health(state, state));
    }

    private boolean isDatabaseUp() {
        try {
            return databaseUp.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("Database health check failed", e);
            return false;
        }
    }
}
