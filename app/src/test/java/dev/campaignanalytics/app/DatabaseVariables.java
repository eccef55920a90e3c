package dev.campaignanalytics.app;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;

import java.util.HashMap;
import java.util.Map;

/** The {@code ANALYTICS_DB_*} variables that point the application at a test database. */
public final class DatabaseVariables {
    private DatabaseVariables() {
    }

    /** {@return the variables for {@code db}, in a map the caller may add to} */
    public static Map<String, String> of(PostgresTestDatabase db) {
        return of(db, db.jdbcUrl());
    }

    /**
     * The variables for {@code db} reached at {@code jdbcUrl}: another database of its server, or a relay to it.
     *
     * @return the variables, in a map the caller may add to
     */
    public static Map<String, String> of(PostgresTestDatabase db, String jdbcUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ANALYTICS_DB_URL", jdbcUrl);
        if (db.user() != null) {
            env.put("ANALYTICS_DB_USER", db.user());
        }
        if (db.password() != null) {
            env.put("ANALYTICS_DB_PASSWORD", db.password());
        }
        return env;
    }
}
