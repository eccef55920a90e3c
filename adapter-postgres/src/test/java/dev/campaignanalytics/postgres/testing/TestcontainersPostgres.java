package dev.campaignanalytics.postgres.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers mode of {@link PostgresTestDatabase}: a PostgreSQL container, started on first use and stopped
 * when the JVM exits. Only this class names Testcontainers, and it is loaded only in that mode, so the test support
 * works without Testcontainers on the class path.
 */
final class TestcontainersPostgres {
    /** The image of the container: the PostgreSQL major version the embedded mode runs. */
    static final String IMAGE = "postgres:17-alpine";

    private TestcontainersPostgres() {
    }

    /**
     * Starts a container.
     *
     * @throws IllegalStateException when no Docker environment can be found
     */
    static PostgresTestDatabase.Connection start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(PostgresTestDatabase.SOURCE_VARIABLE + "=testcontainers asks for a "
                    + "PostgreSQL container, but Testcontainers finds no Docker environment (no DOCKER_HOST, no "
                    + "reachable Docker socket). Start Docker, or leave " + PostgresTestDatabase.SOURCE_VARIABLE
                    + " unset for the embedded PostgreSQL, or set " + PostgresTestDatabase.URL_VARIABLE
                    + " for an external one.");
        }
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new PostgresTestDatabase.Connection(container.getJdbcUrl(), container.getUsername(),
                container.getPassword(), container::stop);
    }
}
