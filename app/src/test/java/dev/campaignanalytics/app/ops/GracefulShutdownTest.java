package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM runs {@code Application.close()}: readiness first, then the requests in flight, then the server stops. */
class GracefulShutdownTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    /**
     * A request body sent in two parts: the first at once, then a space (JSON whitespace) every 200 ms, and the
     * second part only once released. The upload keeps moving, as a slow client's does, so the request stays in
     * flight on the server for as long as the test wants. (A connection that goes quiet for a second during a
     * shutdown is closed by Jetty: see HttpOperations.)
     */
    private static final class SlowBody extends InputStream {
        final CountDownLatch firstPartSent = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final byte[][] parts;
        private int part;
        private int offset;

        SlowBody(String first, String second) {
            parts = new byte[][]{first.getBytes(StandardCharsets.UTF_8), second.getBytes(StandardCharsets.UTF_8)};
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (part == parts.length) {
                return -1;
            }
            if (part == 1 && offset == 0) {
                firstPartSent.countDown();
                try {
                    if (!release.await(200, TimeUnit.MILLISECONDS)) {
                        b[off] = ' ';
                        return 1;
                    }
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
            int n = Math.min(len, parts[part].length - offset);
            System.arraycopy(parts[part], offset, b, off, n);
            offset += n;
            if (offset == parts[part].length) {
                part++;
                offset = 0;
            }
            return n;
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendSlowly(RunningServer server, SlowBody body) {
        return server.client.sendAsync(server.request("/v1/marketing/track-events")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void readinessTurnsDownFirstThenTheRequestInFlightFinishesThenTheServerStops() throws Exception {
        RunningServer server = RunningServer.start(db, "ANALYTICS_SHUTDOWN_GRACE", "1500ms",
                "ANALYTICS_SHUTDOWN_TIMEOUT", "20s");
        SlowBody body = null;
        try {
            String c = server.campaign("Draining");
            int port = server.app.port();
            body = new SlowBody("{\"events\":[{\"campaign_id\":\"" + c + "\",", "\"event_type\":\"view\"}]}");
            CompletableFuture<HttpResponse<String>> slow = sendSlowly(server, body);
            assertThat(body.firstPartSent.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // the server is reading the body now

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

            await("draining", server.app::isDraining, Duration.ofSeconds(5));
            HttpResponse<String> ready = server.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"database\":\"UP\",\"migrations\":\"UP\","
                    + "\"draining\":true}");
            assertThat(server.get("/health/live").statusCode()).as("still serving during the grace").isEqualTo(200);

            await("no longer accepting connections", () -> !accepts(port), Duration.ofSeconds(10));
            assertThat(slow).as("the slow request is still in flight").isNotDone();
            assertThat(closing).as("the stop waits for it").isNotDone();

            body.release.countDown();

            HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
            assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
            assertThat(RunningServer.json(finished.body()).get("data").get("accepted").asLong()).isEqualTo(1);
            closing.get(10, TimeUnit.SECONDS);
            assertThat(accepts(port)).isFalse();
            assertThat(server.app.isDraining()).isTrue();
        } finally {
            if (body != null) {
                body.release.countDown();
            }
            server.close();
        }
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM campaign_analytics")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the drained request's event is committed").isEqualTo(1);
        }
    }

    @Test
    void aRequestStillRunningAtTheShutdownTimeoutIsCutOff() throws Exception {
        RunningServer server = RunningServer.start(db, "ANALYTICS_SHUTDOWN_TIMEOUT", "1s");
        SlowBody body = new SlowBody("{\"events\":[", "]}");
        try {
            CompletableFuture<HttpResponse<String>> slow = sendSlowly(server, body);
            assertThat(body.firstPartSent.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            int port = server.app.port();

            long start = System.nanoTime();
            server.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(6));
            assertThat(accepts(port)).isFalse();
            await("the cut request ends", slow::isDone, Duration.ofSeconds(10));
            assertThat(slow).isCompletedExceptionally();
        } finally {
            body.release.countDown();
            server.close();
        }
    }
}
