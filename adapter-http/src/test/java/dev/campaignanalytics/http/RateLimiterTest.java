package dev.campaignanalytics.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket per caller, on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(int perSecond, int capacity) {
        return new RateLimiter(perSecond, capacity, now::get);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aCallerMaySendABurstOfTwiceTheRateAndNoMore() {
        RateLimiter limiter = limiter(10, 100);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire("a")).as("request %d", i + 1).isZero();
        }
        assertThat(limiter.acquire("a")).as("request 21").isPositive();
    }

    @Test
    void theBucketRefillsAtTheRateAndSaysHowLongToWait() {
        RateLimiter limiter = limiter(10, 100);
        for (int i = 0; i < 20; i++) {
            limiter.acquire("a");
        }
        long wait = limiter.acquire("a");
        assertThat(wait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        advanceMillis(99);
        assertThat(limiter.acquire("a")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        advanceMillis(1);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
        // a second later, 10 more
        advanceMillis(1000);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.acquire("a")).as("request %d after a second", i + 1).isZero();
        }
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void refusedRequestsDoNotUseUpTokens() {
        RateLimiter limiter = limiter(1, 100);
        limiter.acquire("a");
        limiter.acquire("a");
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("a")).isPositive();
        }
        advanceMillis(1000);
        assertThat(limiter.acquire("a")).isZero();
    }

    @Test
    void anIdleCallerGetsNoMoreThanAFullBurst() {
        RateLimiter limiter = limiter(5, 100);
        limiter.acquire("a");
        advanceMillis(3_600_000);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void callersHaveBucketsOfTheirOwn() {
        RateLimiter limiter = limiter(1, 100);
        limiter.acquire("a");
        limiter.acquire("a");
        assertThat(limiter.acquire("a")).isPositive();
        assertThat(limiter.acquire("b")).isZero();
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1))).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1) + 1)).isEqualTo(2);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(2500))).isEqualTo(3);
    }

    @Test
    void anAttackerRotatingAddressesCannotGrowTheBucketsBeyondTheCapacity() {
        RateLimiter limiter = limiter(100, 1_000);
        for (int i = 0; i < 200_000; i++) {
            limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
            assertThat(limiter.size()).isLessThanOrEqualTo(1_000);
            if (i % 1000 == 0) {
                advanceMillis(1);
            }
        }
    }

    @Test
    void bucketsThatRefilledAreDroppedFirstSoActiveCallersKeepTheirCount() {
        RateLimiter limiter = limiter(1, 10);
        limiter.acquire("busy");
        limiter.acquire("busy");
        // nine callers once: a second and a half later their buckets are full again, the busy caller's not
        for (int i = 0; i < 9; i++) {
            limiter.acquire("idle-" + i);
        }
        advanceMillis(1500);
        while (limiter.acquire("busy") == 0) {
            // the busy caller uses up what refilled meanwhile
        }
        // the next new caller finds the map full: only the refilled buckets go, the busy caller stays limited
        limiter.acquire("new");
        assertThat(limiter.size()).isLessThanOrEqualTo(10);
        assertThat(limiter.acquire("busy")).isPositive();
    }
}
