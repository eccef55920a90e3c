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
 * A closed-loop HTTP load: a fixed number of worker threads, each sending requests one after the other, first for an
 * unmeasured warm-up, then for the measured window. Every loop ends at its deadline, and at a cap on the number of
 * requests.
 *
 * <p>The warm-up lasts at least its minimum and then until the target JVM's JIT compilers are quiet (they used at
 * most {@value #QUIET_COMPILER_SHARE_PERCENT} % of one core over the last {@value #QUIET_WINDOW_SECONDS} s), or
 * until its maximum. A fresh JVM under load spends a core or more compiling for the first minute or more (measured:
 * 87 s of C1/C2 compilation, as jstat counts it, in the server's first ~100 s of single-event load); a window
 * measured before that measures the compiler, and the bare endpoint, a fresh JVM with far less code, much less so.
 */
final class HttpLoad {
    /** The most latencies one worker keeps; a worker past it still counts its requests. */
    private static final int MAX_SAMPLES_PER_WORKER = 1_000_000;
    private static final long MAX_REQUESTS_PER_WORKER = 50_000_000L;

    static final int QUIET_COMPILER_SHARE_PERCENT = 5;
    static final int QUIET_WINDOW_SECONDS = 5;

    /**
     * How long the warm-up lasts: at least {@code min}, then until the JIT compiler threads of process {@code pid}
     * are quiet, at most {@code max}.
     */
    record Warmup(Duration min, Duration max, long pid) {
    }

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
     * @param sent           requests sent over the whole load, warm-up included (to divide a whole phase's CPU by)
     * @param warmupSeconds  how long the warm-up lasted
     * @param compilerQuiet  whether the target's JIT compilers were quiet when the warm-up ended (else it ran to its
     *                       maximum)
     * @param compilerCpuSeconds CPU seconds the target's JIT compiler threads used in the measured window
     */
    record Result(long requests, long events, long failures, double seconds, Latencies latencies,
                  Map<Integer, Long> statuses, String firstFailure, long sent, double warmupSeconds,
                  boolean compilerQuiet, double compilerCpuSeconds) {
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

    static Result run(HttpClient client, int workers, Warmup warmup, Duration measure, int eventsPerRequest,
                      Requests requests) throws InterruptedException {
        long start = System.nanoTime();
        // Until the warm-up ends, the window lies beyond any request.
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measureUntil = new AtomicLong(Long.MAX_VALUE);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sent = new AtomicLong();
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
                    if (t0 >= measureUntil.get()) {
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
                    sent.incrementAndGet();
                    if (t0 < measureFrom.get() || t1 > measureUntil.get()) {
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
        boolean quiet = warmUp(warmup, start);
        long from = System.nanoTime();
        double compilerBefore = compilerSeconds(warmup.pid());
        measureUntil.set(from + measure.toNanos());
        measureFrom.set(from);
        Thread.sleep(measure.toMillis());
        double compilerCpu = compilerSeconds(warmup.pid()) - compilerBefore;
        long joinDeadline = measureUntil.get() + Duration.ofSeconds(60).toNanos();
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
                new Latencies(all, total), byStatus, firstFailure.get(), sent.get(), (from - start) / 1e9, quiet,
                compilerCpu);
    }

    /** Waits out the warm-up; whether the compilers were quiet at its end. */
    private static boolean warmUp(Warmup warmup, long start) throws InterruptedException {
        Thread.sleep(warmup.min().toMillis());
        long deadline = start + warmup.max().toNanos();
        double window = QUIET_WINDOW_SECONDS;
        double before = compilerSeconds(warmup.pid());
        while (System.nanoTime() + (long) (window * 1e9) <= deadline) {
            Thread.sleep((long) (window * 1000));
            double now = compilerSeconds(warmup.pid());
            if (compilersQuiet(now - before, window)) {
                return true;
            }
            before = now;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
        return false;
    }

    /**
     * Whether JIT compilers that used {@code compilerSeconds} of CPU over {@code windowSeconds} count as quiet: at most
     * {@value #QUIET_COMPILER_SHARE_PERCENT} % of one core.
     */
    static boolean compilersQuiet(double compilerSeconds, double windowSeconds) {
        return compilerSeconds <= windowSeconds * QUIET_COMPILER_SHARE_PERCENT / 100.0;
    }

    /** CPU seconds used so far by the JIT compiler threads ({@code C1/C2 CompilerThread…}) of a process. */
    static double compilerSeconds(long pid) {
        double seconds = 0;
        for (ThreadCpu.Group g : ThreadCpu.between(ThreadCpu.empty(), ThreadCpu.snapshot(pid))) {
            if (g.name().contains("CompilerThre")) {
                seconds += g.cpuSeconds();
            }
        }
        return seconds;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
