package dev.campaignanalytics.bench;

import java.util.Arrays;

/** Latencies in microseconds, sorted once, read as percentiles (nearest rank). */
final class Latencies {
    private final long[] sortedMicros;

    Latencies(long[] micros, int count) {
        this.sortedMicros = Arrays.copyOf(micros, count);
        Arrays.sort(sortedMicros);
    }

    int count() {
        return sortedMicros.length;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds; NaN when nothing was measured. */
    double percentileMillis(double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMicros.length);
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, rank - 1))] / 1000.0;
    }

    double maxMillis() {
        return sortedMicros.length == 0 ? Double.NaN : sortedMicros[sortedMicros.length - 1] / 1000.0;
    }
}
