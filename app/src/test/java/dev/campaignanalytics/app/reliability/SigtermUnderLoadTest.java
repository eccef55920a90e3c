package dev.campaignanalytics.app.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a server on its embedded database while events keep arriving: the server answers what is in flight
 * before its database stops, so no request fails because the database went first, and the log stays clean. Jetty
 * may refuse requests that arrive on open connections while it drains (503 without our envelope): nothing of them was
 * stored, and that is allowed.
 */
class SigtermUnderLoadTest {
    private static final String SECRET = "sigterm-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final int SENDERS = 8;

    @TempDir
    Path dataDir;

    @Test
    void sigtermUnderLoadStopsTheEmbeddedDatabaseOnlyAfterTheRequestsInFlight() throws Exception {
        ServeProcess server = ServeProcess.start(dataDir, SECRET);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            int port = server.port();
            ServerClient client = new ServerClient(() -> port, SECRET);
            UUID campaign = client.createCampaign("Stopped under load");
            AtomicBoolean sending = new AtomicBoolean(true);
            // Answers by status; -1: no answer (the server no longer takes connections).
            Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
            // 503s that the application gave (its JSON envelope), as opposed to Jetty refusing a request that came
            // in on an open connection while it drains (allowed: nothing was stored, and the client retries).
            List<String> refusedByTheStore = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicLong sent = new AtomicLong();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                running.add(senders.submit(() -> {
                    while (sending.get()) {
                        int status;
                        try {
                            HttpResponse<String> reply = client.trackOnce(campaign,
                                    "sigterm-" + sent.incrementAndGet(), "view");
                            status = reply.statusCode();
                            // Jetty's own 503 of the graceful stop is in the envelope too, but says it took nothing
                            if (status == 503 && reply.body().contains("\"success\":false")
                                    && !reply.body().contains("did not take the request")) {
                                refusedByTheStore.add(reply.body());
                            }
                        } catch (Exception e) {
                            status = -1;
                            Thread.sleep(10);
                        }
                        answers.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(answers, 200) < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(count(answers, 200)).as("events acknowledged before the SIGTERM").isGreaterThanOrEqualTo(2_000);

            assertThat(server.stop()).as("stopped after SIGTERM").isTrue();
            sending.set(false);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }

            assertThat(server.exitValue()).as("ended by SIGTERM after its shutdown hook ran").isEqualTo(143);
            assertThat(answers.keySet()).as("answers by status: %s", answers).containsAnyOf(200).isSubsetOf(200, 503, -1);
            assertThat(refusedByTheStore).as("503s of the application: the store went away while requests were in "
                    + "flight; answers by status: %s", answers).isEmpty();
            assertThat(server.output()).as("the server's log")
                    .noneMatch(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("Exception"));
        } finally {
            senders.shutdownNow();
            server.kill();
        }
    }

    private static long count(Map<Integer, AtomicLong> answers, int status) {
        AtomicLong n = answers.get(status);
        return n == null ? 0 : n.get();
    }
}
