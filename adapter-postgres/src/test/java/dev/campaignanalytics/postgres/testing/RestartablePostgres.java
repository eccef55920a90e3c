package dev.campaignanalytics.postgres.testing;

import dev.campaignanalytics.postgres.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL on a data directory of its own that a test can crash and start again on the same port and
 * directory, as an operator's database restarts under a running application: {@link #stopImmediately()} is
 * {@code pg_ctl stop -m immediate} (SIGQUIT to the postmaster: no checkpoint, open sessions cut off, WAL recovery on
 * the next start), {@link #startAgain()} brings the same cluster back on the same address.
 */
public final class RestartablePostgres implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    /** The running server; null while stopped. */
    private EmbeddedPostgresServer server;

    private RestartablePostgres(Path dataDirectory, EmbeddedPostgresServer server) {
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.port = server.port();
    }

    /**
     * A new cluster in {@code dataDirectory}, with synchronous commit on as in production, so that a commit is
     * acknowledged only once its WAL has been handed to the operating system. It does not fsync: a test kills
     * PostgreSQL's processes, never the operating system, and what the OS was given survives a process crash.
     */
    public static RestartablePostgres start(Path dataDirectory) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = off");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("could not configure the test cluster", e);
        }
        return new RestartablePostgres(dataDirectory, server);
    }

    /** The application database's URL; it stays the same across restarts. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/campaign_analytics";
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /**
     * Stops the server in immediate mode and waits until its postmaster has exited: every session is cut off
     * without a goodbye, nothing is checkpointed, and what was committed survives only through the WAL.
     */
    public synchronized void stopImmediately() {
        if (server == null) {
            throw new IllegalStateException("the server is stopped already");
        }
        ProcessHandle postmaster = postmaster()
                .orElseThrow(() -> new IllegalStateException("no running postmaster for " + dataDirectory));
        signal(postmaster.pid(), "-QUIT");
        try {
            postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop within " + STOP_WAIT, e);
        }
        // Releases the directory's locks; the "pg_ctl stop" it tries first finds no server, which it logs.
        server.close();
        server = null;
    }

    /** Starts the same cluster again, on the same port; PostgreSQL replays its WAL first. */
    public synchronized void startAgain() {
        if (server != null) {
            throw new IllegalStateException("the server runs already");
        }
        server = EmbeddedPostgresServer.start(dataDirectory, port);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
