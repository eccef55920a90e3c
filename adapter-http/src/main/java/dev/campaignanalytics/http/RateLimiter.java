package dev.campaignanalytics.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (a client address, a token subject): each bucket holds at most {@code 2 × rate} tokens,
 * refills at {@code rate} tokens per second, and a request takes one token or is refused with the time until one is
 * there.
 *
 * <p>The bucket is kept as the one number the generic cell rate algorithm needs, the "theoretical arrival time"
 * (TAT): the instant at which the bucket would be full again. A request at {@code now} is allowed when
 * {@code max(TAT, now) + interval - now ≤ burst × interval}, and moves TAT on by one interval. This is the same
 * decision as counting tokens, is updated with one compare-and-set (no lock), and costs O(1) per request.
 *
 * <p><b>Memory is bounded.</b> A bucket whose TAT has passed is full, the same as no bucket at all, so it may be
 * dropped without changing any decision. When the map reaches {@code capacity} buckets, one caller sweeps it: the
 * full buckets go first; if callers rotating addresses faster than their buckets refill still fill it, further
 * buckets go until a tenth is free. Those callers then start again with a full burst, so the limit errs towards
 * letting requests through rather than growing without bound. Each sweep frees at least a tenth of the capacity,
 * so its cost is O(1) per request on average.
 */
final class RateLimiter {
    /** The most buckets kept by default: a few MB at most. */
    static final int DEFAULT_CAPACITY = 100_000;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    /**
     * @param perSecond requests per second per caller, at least 1; a caller may send {@code 2 × perSecond} at once
     * @param capacity  the most callers remembered at once
     * @param nanoTime  a monotonic clock in nanoseconds, such as {@link System#nanoTime()}
     */
    RateLimiter(int perSecond, int capacity, LongSupplier nanoTime) {
        if (perSecond < 1 || capacity < 1) {
            throw new IllegalArgumentException("rate and capacity must be positive: " + perSecond + ", " + capacity);
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.toleranceNanos = 2L * perSecond * intervalNanos;
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** A limiter of {@code perSecond} per caller, or none when {@code perSecond} is 0. */
    static RateLimiter perSecondOrNone(int perSecond) {
        return perSecond == 0 ? null : new RateLimiter(perSecond, DEFAULT_CAPACITY, System::nanoTime);
    }

    /**
     * Takes one token of {@code caller}'s bucket.
     *
     * @return 0 when the request may go ahead; otherwise how many nanoseconds until it would be allowed (more than 0)
     */
    long acquire(String caller) {
        long now = nanoTime.getAsLong();
        AtomicLong tat = buckets.get(caller);
        if (tat == null) {
            if (buckets.size() >= capacity) {
                sweep(now);
            }
            tat = buckets.computeIfAbsent(caller, k -> new AtomicLong(now));
        }
        while (true) {
            long current = tat.get();
            long next = Math.max(current, now) + intervalNanos;
            long excess = next - now - toleranceNanos;
            if (excess > 0) {
                return excess;
            }
            if (tat.compareAndSet(current, next)) {
                return 0;
            }
        }
    }

    /** Seconds to wait, rounded up, as {@code Retry-After} says them: at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** How many callers are remembered now. */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        if (!sweeping.tryLock()) {
            return;  // another caller is sweeping; the map exceeds its capacity by at most the callers in flight
        }
        try {
            int target = capacity - Math.max(1, capacity / 10);
            buckets.values().removeIf(tat -> tat.get() - now <= 0);
            for (Iterator<Map.Entry<String, AtomicLong>> it = buckets.entrySet().iterator();
                 buckets.size() > target && it.hasNext(); ) {
                it.next();
                it.remove();
            }
        } finally {
            sweeping.unlock();
        }
    }
}
