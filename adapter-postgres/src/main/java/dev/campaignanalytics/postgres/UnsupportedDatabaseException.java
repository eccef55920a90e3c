package dev.campaignanalytics.postgres;

/**
 * The database is a PostgreSQL older than the schema needs: the rollup tables' keys are {@code UNIQUE NULLS NOT
 * DISTINCT}, which PostgreSQL 15 brought. Thrown before any migration runs, so such a database is left as it was.
 */
public final class UnsupportedDatabaseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The oldest major version of PostgreSQL the schema runs on. */
    public static final int OLDEST_SUPPORTED_MAJOR = 15;

    /** The version the database reported. */
    private final String serverVersion;

    UnsupportedDatabaseException(String serverVersion) {
        super("PostgreSQL " + OLDEST_SUPPORTED_MAJOR + " or later is required; the database runs PostgreSQL "
                + serverVersion);
        this.serverVersion = serverVersion;
    }

    /** {@return the version the database reported, as PostgreSQL writes it, e.g. {@code 14.10}} */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * Refuses a server older than {@value #OLDEST_SUPPORTED_MAJOR}.
     *
     * @param major         the server's major version, e.g. {@code 14} for 14.10
     * @param serverVersion the server's version as it reports it, for the message
     */
    static void requireSupported(int major, String serverVersion) {
        if (major < OLDEST_SUPPORTED_MAJOR) {
            throw new UnsupportedDatabaseException(serverVersion);
        }
    }
}
