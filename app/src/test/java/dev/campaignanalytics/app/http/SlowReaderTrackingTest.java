package dev.campaignanalytics.app.http;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.http.HttpApi;
import dev.campaignanalytics.http.HttpDependencies;
import dev.campaignanalytics.http.HttpOperations;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.MetricsAccess;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that does not read its batch's answer holds up no other answer: a batch's answer (tens of kilobytes) is
 * written on a pool task of its own, while the answers of single events share tasks of up to
 * {@value #ANSWERS_PER_TASK} ({@code AsyncAnswer.ANSWERS_PER_TASK}). Its own blocked write ends when it reads, or at
 * the connection's idle timeout.
 *
 * <p>Over real sockets: the slow client asks for a batch whose answer (about 150 KB) cannot fit in its small receive
 * buffer and the server's small send buffer, and then reads nothing, so the server's write of that answer blocks.
 * The test completes the tracking stages itself, the slow client's first, as one group commit completes them on its
 * own thread; until all of them are handed over, the pool tasks they start are held back, so that, were the slow
 * answer written on a shared task, that task would certainly take a full share of the answers behind it (and with a
 * task per group, all of them would wait).
 */
class SlowReaderTrackingTest {
    /** {@code AsyncAnswer.ANSWERS_PER_TASK}: the most answers one pool task writes. */
    private static final int ANSWERS_PER_TASK = 8;
    private static final String TRACK = "/v1/marketing/track-event";
    private static final String BATCH = "/v1/marketing/track-events";
    private static final int SLOW_BATCH_EVENTS = 4_000;
    private static final int OTHERS = 3 * ANSWERS_PER_TASK;
    private static final String SECRET = "slow-reader-test-secret-0123456789-abcdef";

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HoldingPool pool = new HoldingPool();
    /** The stages of the tracking requests, completed when the test says so; the slow client's batch apart. */
    private final List<Gate> singles = new CopyOnWriteArrayList<>();
    private final List<Gate> batches = new CopyOnWriteArrayList<>();
    private CampaignAnalytics analytics;
    private Javalin server;
    private Socket slow;
    private UUID campaign;
    /** When the test completed the stages (System.nanoTime). */
    private long opened;

    /** A tracking stage: the real commit, and the moment the test lets it complete. */
    record Gate(CompletableFuture<?> stored, CompletableFuture<Void> open) {
    }

    /** The server's pool; it holds back the tasks handed to it from one thread until told to run them. */
    static final class HoldingPool extends QueuedThreadPool {
        private volatile Thread holdFrom;
        private final List<Runnable> held = Collections.synchronizedList(new ArrayList<>());

        HoldingPool() {
            super(16, 4);
            setName("slow-reader-test");
        }

        @Override
        public void execute(Runnable job) {
            if (Thread.currentThread() == holdFrom) {
                held.add(job);
            } else {
                super.execute(job);
            }
        }

        void holdTasksFromThisThread() {
            holdFrom = Thread.currentThread();
        }

        /** Runs the held tasks, in the order they were handed over; returns how many there were. */
        int runHeld() {
            holdFrom = null;
            List<Runnable> jobs;
            synchronized (held) {
                jobs = new ArrayList<>(held);
                held.clear();
            }
            jobs.forEach(super::execute);
            return jobs.size();
        }
    }

    /** The real API on the real database; a connection idle for {@code idleTimeout} fails its blocked write. */
    private void start(Duration idleTimeout) {
        analytics = CampaignAnalytics.builder(db.adapters(), ExportFormats.standard()).build();
        TrackEventsUseCase real = analytics.tracking();
        TrackEventsUseCase gated = new TrackEventsUseCase() {
            @Override
            public TrackResult track(TrackCommand command) {
                return real.track(command);
            }

            @Override
            public CompletionStage<TrackResult> trackAsync(TrackCommand command) {
                CompletableFuture<TrackResult> stored = real.trackAsync(command).toCompletableFuture();
                Gate gate = new Gate(stored, new CompletableFuture<>());
                (command.events().size() > 1 ? batches : singles).add(gate);
                return stored.thenCombine(gate.open(), (result, opened) -> result);
            }
        };
        AccessControl access = new AccessControl(JwtVerifier.create(JwtSettings.ofSecret(SECRET)));
        HttpDependencies deps = new HttpDependencies(analytics.campaigns(), gated, analytics.reports(),
                analytics.liveFeed(), () -> true, access, Clock.systemUTC(), analytics.exports());
        HttpOperations ops = new HttpOperations(new SimpleMeterRegistry(), MetricsAccess.off(), () -> true,
                () -> false, Duration.ofSeconds(5));
        HttpSettings settings = HttpSettings.defaults().withTrackingLimits(1_000_000, SLOW_BATCH_EVENTS);
        server = HttpApi.create(deps, settings, ops);
        server.unsafe.jetty.threadPool = pool;
        // a small send buffer, so that an answer of tens of kilobytes to a client that does not read blocks its write
        server.unsafe.jettyInternal.connectors.add((jetty, http) -> {
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.setAcceptedSendBufferSize(8 * 1024);
            connector.setIdleTimeout(idleTimeout.toMillis());
            return connector;
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        singles.forEach(g -> g.open().complete(null));
        batches.forEach(g -> g.open().complete(null));
        if (slow != null) {
            slow.close();
        }
        if (server != null) {
            server.stop();
        }
        if (analytics != null) {
            analytics.close();
        }
    }

    /**
     * Starts the server; sends the slow client's batch (then reads nothing) and {@value #OTHERS} single events from
     * other clients; once all are stored, completes their stages on this thread, the slow client's first, as a
     * group commit does; returns the other clients' answers to come.
     */
    private List<CompletableFuture<HttpResponse<String>>> slowClientFirstInOneGroup(Duration idleTimeout)
            throws Exception {
        start(idleTimeout);
        campaign = analytics.campaigns().create(new CreateCampaignCommand("Slow reader", null, null)).id().value();

        slow = new Socket();
        slow.setReceiveBufferSize(4 * 1024);
        slow.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        slow.setSoTimeout(10_000);
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < SLOW_BATCH_EVENTS; i++) {
            body.append(i == 0 ? "" : ",").append(event(campaign));
        }
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = slow.getOutputStream();
        out.write(("POST " + BATCH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        awaitUntil("the slow client's batch is handed over", () -> batches.size() == 1);

        List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            others.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url(TRACK)))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event(campaign))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        awaitUntil("every other request is handed over", () -> singles.size() == OTHERS);
        batches.get(0).stored().get(30, TimeUnit.SECONDS);
        for (Gate g : singles) {
            g.stored().get(30, TimeUnit.SECONDS);
        }
        assertThat(others).as("nothing is answered before its stage completes").noneMatch(CompletableFuture::isDone);

        pool.holdTasksFromThisThread();
        opened = System.nanoTime();
        batches.get(0).open().complete(null);
        singles.forEach(g -> g.open().complete(null));
        assertThat(pool.runHeld()).as("the answers were handed to the pool").isPositive();
        return others;
    }

    private long msSinceOpened() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
    }

    @Test
    void aClientThatDoesNotReadItsBatchAnswerDelaysNoOtherAnswer() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> others = slowClientFirstInOneGroup(Duration.ofSeconds(30));

        awaitUntil("the slow answer's write blocks and every other answer is written",
                () -> aPoolThreadIsBlockedWritingAnAnswer() && answered(others) == OTHERS);
        System.out.printf("slow reader: all %d other answers written within %d ms while its write blocks%n",
                OTHERS, msSinceOpened());
        for (CompletableFuture<HttpResponse<String>> reply : others) {
            HttpResponse<String> response = reply.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(aPoolThreadIsBlockedWritingAnAnswer()).as("the slow client still holds its answer's write").isTrue();

        // once the slow client reads, its answer is whole
        String answer = readWhole(slow.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("\"accepted\":" + SLOW_BATCH_EVENTS);
        assertThat(ApiServer.storedEvents(db, campaign)).isEqualTo(SLOW_BATCH_EVENTS + OTHERS);
    }

    /**
     * A client that never reads holds its answer's write until the connection's idle timeout (Jetty's 30 s by
     * default; 2 s here) fails it: then its connection is closed with its answer cut short, and its events stay
     * stored. The other answers do not wait for that.
     */
    @Test
    void aClientThatNeverReadsIsCutOffAtTheIdleTimeoutAndItsEventsStayStored() throws Exception {
        Duration idleTimeout = Duration.ofSeconds(2);
        List<CompletableFuture<HttpResponse<String>>> others = slowClientFirstInOneGroup(idleTimeout);

        for (CompletableFuture<HttpResponse<String>> reply : others) {
            HttpResponse<String> response = reply.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        long allAnsweredMs = msSinceOpened();
        System.out.printf("slow reader that never reads: all %d other answers written within %d ms (idle timeout "
                + "%d ms)%n", OTHERS, allAnsweredMs, idleTimeout.toMillis());
        awaitUntil("the slow answer's write blocks", SlowReaderTrackingTest::aPoolThreadIsBlockedWritingAnAnswer);
        awaitUntil("the idle timeout fails the blocked write", () -> !aPoolThreadIsBlockedWritingAnAnswer());
        // the idle time is counted from the write's last progress, which comes shortly after the stages complete
        assertThat(msSinceOpened()).as("the write is failed at the idle timeout, not at once")
                .isGreaterThanOrEqualTo(idleTimeout.toMillis() / 2);
        String cut = readUntilClosed(slow.getInputStream());
        assertThat(cut).as("the slow client's connection is closed with its answer cut short").startsWith("HTTP/1.1 200");
        assertThat(cut.length()).as("a whole answer lists %d event ids of 36 characters", SLOW_BATCH_EVENTS)
                .isLessThan(36 * SLOW_BATCH_EVENTS);
        assertThat(ApiServer.storedEvents(db, campaign)).as("its events are stored all the same")
                .isEqualTo(SLOW_BATCH_EVENTS + OTHERS);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static String event(UUID campaign) {
        return "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"}";
    }

    private static int answered(List<CompletableFuture<HttpResponse<String>>> replies) {
        return (int) replies.stream().filter(CompletableFuture::isDone).count();
    }

    /** Whether a thread of the server's pool waits inside a write while it writes an answer of AsyncAnswer's. */
    private static boolean aPoolThreadIsBlockedWritingAnAnswer() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread.State state = e.getKey().getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                continue;
            }
            boolean answering = false;
            boolean writing = false;
            for (StackTraceElement frame : e.getValue()) {
                answering |= frame.getClassName().endsWith(".AsyncAnswer");
                writing |= frame.getMethodName().toLowerCase(Locale.ROOT).contains("write");
            }
            if (answering && writing) {
                return true;
            }
        }
        return false;
    }

    /** What arrives on a connection until the server closes it (or resets it). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                raw.write(chunk, 0, n);
            }
        } catch (SocketException reset) {
            // a connection aborted by the server ends here as one it closed
        }
        return raw.toString(StandardCharsets.UTF_8);
    }

    /** The whole answer (head and body, chunks joined) of a connection the server closes after it. */
    private static String readWhole(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        in.transferTo(raw);
        String text = raw.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String head = text.substring(0, split);
        String rest = text.substring(split + 4);
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return head + "\r\n\r\n" + rest;
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = rest.indexOf("\r\n", at);
            int size = Integer.parseInt(rest.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            // the body is ASCII JSON, so characters and bytes agree
            body.append(rest, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return head + "\r\n\r\n" + body;
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
