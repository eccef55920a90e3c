package dev.campaignanalytics.app.reliability;

import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9, point 2: the server process ({@code serve} on its embedded PostgreSQL) is killed with SIGKILL in the middle
 * of a 50,000-event load and started again on the same data directory, where the PostgreSQL of the dead process still
 * runs. Every event that was acknowledged is there exactly once afterwards, and the reports count each once.
 */
class ServerCrashDuringIngestTest {
    private static final String SECRET = "crash-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final int EVENTS = 50_000;
    private static final int ACKNOWLEDGED_BEFORE_CRASH = 15_000;

    @TempDir
    Path dataDir;

    private volatile int port;

    @Test
    void aServerKilledMidLoadAndRestartedOnItsDataKeepsEveryAcknowledgedEventExactlyOnce() throws Exception {
        long started = System.nanoTime();
        ServeProcess first = ServeProcess.start(dataDir, SECRET);
        ServeProcess second = null;
        try {
            port = first.port();
            ServerClient server = new ServerClient(() -> port, SECRET);
            List<UUID> campaigns = List.of(server.createCampaign("Crash A"), server.createCampaign("Crash B"));
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            IngestLoad load = new IngestLoad(() -> port, campaigns, at, EVENTS, 500, 4, 1_000, 2);

            phase("first server started", started);
            load.start();
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_CRASH, Duration.ofSeconds(90)))
                    .as("acknowledged before the crash; violations: %s", load.violations()).isTrue();
            phase("load before the crash", started);
            first.kill();
            Optional<ProcessHandle> orphan = postmaster(dataDir);
            assertThat(orphan).as("the killed server's PostgreSQL runs on without it")
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            second = ServeProcess.start(dataDir, SECRET);
            port = second.port();
            phase("second server started", started);
            assertThat(hasExited(orphan.get())).as("the orphaned PostgreSQL was stopped").isTrue();

            assertThat(load.await(Duration.ofSeconds(120))).as("the load finished").isTrue();
            phase("load done", started);
            System.out.printf("load: %d acknowledged, %d requests without answer, %d answers 503, "
                    + "%d duplicates on retries of unknown outcomes%n", load.acknowledgedCount(),
                    load.requestsWithoutAnswer(), load.unavailableAnswers(), load.duplicatesAfterUnknownOutcome());
            assertThat(load.violations()).isEmpty();
            assertThat(load.requestsWithoutAnswer()).as("requests cut off by the kill").isPositive();
            assertThat(load.acknowledgedCount()).isEqualTo(EVENTS);

            String jdbcUrl = "jdbc:postgresql://localhost:" + postgresPort(dataDir) + "/campaign_analytics";
            Map<String, List<String>> stored = ServerClient.storedByClientId(jdbcUrl, "postgres",
                    EmbeddedPostgresServer.passwordOf(dataDir.resolve("postgres")), campaigns);
            assertThat(load.problemsWith(stored)).isEmpty();
            assertThat(stored).hasSize(EVENTS);
            for (UUID campaign : campaigns) {
                assertThat(server.reportedTotals(campaign, at)).as("report of %s", campaign)
                        .isEqualTo(load.expectedCounts(campaign));
            }
            assertThat(second.stop()).as("the restarted server stops cleanly").isTrue();
        } finally {
            first.kill();
            if (second != null) {
                second.kill();
            }
            postmaster(dataDir).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The PostgreSQL that the data directory's pid file names, if it runs. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
                .filter(ProcessHandle::isAlive);
    }

    /**
     * Whether the process has ended. An orphan that has exited stays a zombie until the process that adopted it reaps
     * it, and the JDK still calls a zombie alive; its state in {@code /proc} says it has exited.
     */
    private static boolean hasExited(ProcessHandle process) throws IOException {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // pid (comm) state ...: the state follows the last ')', as comm may hold one
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException reaped) {
            return true;
        }
    }

    /** The port of the embedded PostgreSQL, the fourth line of its pid file. */
    private static int postgresPort(Path dataDir) throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3)
                .trim());
    }

    private static void phase(String what, long since) {
        System.out.printf("%s after %d ms%n", what, (System.nanoTime() - since) / 1_000_000);
    }
}
