package dev.campaignanalytics.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP load: a fixed number of worker threads, each sending requests one after the other for a fixed
 * time (a warm-up that is not counted, then the measured window). Every loop ends at its deadline, and at a cap on
 * the number of requests.
 */
final class HttpLoad {
    /** The most latencies one worker keeps; a worker past it still counts its requests. */
    private static final int MAX_SAMPLES_PER_WORKER = 1_000_000;
    private static final long MAX_REQUESTS_PER_WORKER = 50_000_000L;

    /** Makes the {@code n}-th request of worker {@code worker}. */
    interface Requests {
        HttpRequest make(int worker, long n);
    }

    /**
     * What one load measured, in its measured window only.
     *
     * @param requests       requests answered with a 2xx
     * @param events         events those requests carried
     * @param failures       answers that were not 2xx, or that failed to arrive
     * @param statuses       how many answers came with each status (-1: no answer)
     * @param firstFailure   what the first failure said, or null
     */
    record Result(long requests, long events, long failures, double seconds, Latencies latencies,
                  Map<Integer, Long> statuses, String firstFailure) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private HttpLoad() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static Result run(HttpClient client, int workers, Duration warmup, Duration measure, int eventsPerRequest,
                      Requests requests) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long[][] samples = new long[workers][];
        int[] sampleCounts = new int[workers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            samples[w] = new long[1024];
            Thread t = new Thread(() -> {
                long n = 0;
                while (n < MAX_REQUESTS_PER_WORKER) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureUntil) {
                        break;
                    }
                    HttpRequest request = requests.make(worker, n++);
                    int status;
                    String failure = null;
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        if (status / 100 != 2) {
                            failure = status + " " + abbreviate(r.body());
                        }
                    } catch (java.io.IOException e) {
                        status = -1;
                        failure = e.toString();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long t1 = System.nanoTime();
                    if (t0 < measureFrom || t1 > measureUntil) {
                        continue;
                    }
                    statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    if (failure != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, failure);
                        continue;
                    }
                    ok.incrementAndGet();
                    int c = sampleCounts[worker];
                    if (c < MAX_SAMPLES_PER_WORKER) {
                        if (c == samples[worker].length) {
                            samples[worker] = java.util.Arrays.copyOf(samples[worker], c * 2);
                        }
                        samples[worker][c] = (t1 - t0) / 1000;
                        sampleCounts[worker] = c + 1;
                    }
                }
            }, "load-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long joinDeadline = measureUntil + Duration.ofSeconds(60).toNanos();
        for (Thread t : threads) {
            long left = Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000);
            t.join(left);
        }
        int total = 0;
        for (int c : sampleCounts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(samples[w], 0, all, at, sampleCounts[w]);
            at += sampleCounts[w];
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        return new Result(ok.get(), ok.get() * eventsPerRequest, failed.get(), measure.toNanos() / 1e9,
                new Latencies(all, total), byStatus, firstFailure.get());
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
