package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The buckets that cover a date range at a granularity: every bucket that overlaps the range, in order, with the
 * first and last clipped to it. Bucket edges are the starts of calendar days in the range's zone, so a day bucket
 * lasts 23, 24 or 25 hours across daylight-saving changes.
 */
public final class TimeBuckets {
    private final DateRange range;
    private final Granularity granularity;
    private final List<Bucket> buckets;

    private TimeBuckets(DateRange range, Granularity granularity, List<Bucket> buckets) {
        this.range = range;
        this.granularity = granularity;
        this.buckets = buckets;
    }

    /**
     * The buckets that cover {@code range}: whole days, ISO weeks (Monday to Sunday) or calendar months of the range's
     * zone, the first and last cut to the range.
     *
     * @param range the dates to cover, both ends inclusive
     * @param granularity day, ISO week or calendar month
     * @return the buckets, in time order
     */
    public static TimeBuckets of(DateRange range, Granularity granularity) {
        List<Bucket> out = new ArrayList<>();
        LocalDate bucketStart = granularity.bucketStart(range.start());
        while (!bucketStart.isAfter(range.end())) {
            LocalDate next = granularity.nextBucketStart(bucketStart);
            LocalDate clippedStart = bucketStart.isBefore(range.start()) ? range.start() : bucketStart;
            LocalDate lastDay = next.minusDays(1);
            LocalDate clippedEnd = lastDay.isAfter(range.end()) ? range.end() : lastDay;
            out.add(new Bucket(bucketStart, clippedStart, clippedEnd,
                    clippedStart.atStartOfDay(range.zone()).toInstant(),
                    clippedEnd.plusDays(1).atStartOfDay(range.zone()).toInstant()));
            bucketStart = next;
        }
        return new TimeBuckets(range, granularity, Collections.unmodifiableList(out));
    }

    /** {@return the range the buckets cover, both ends included} */
    public DateRange range() {
        return range;
    }

    /** {@return how the buckets group days} */
    public Granularity granularity() {
        return granularity;
    }

    /** {@return the buckets in time order, without gaps} */
    public List<Bucket> buckets() {
        return buckets;
    }

    /** {@return how many buckets there are} */
    public int size() {
        return buckets.size();
    }

    /**
     * The edges between buckets as instants: {@code size() + 1} ascending instants, where bucket {@code i} counts
     * events in {@code [edges[i], edges[i+1])}.
     *
     * @return {@code size() + 1} ascending instants, from the range's start to its exclusive end
     */
    public List<Instant> edges() {
        List<Instant> edges = new ArrayList<>(buckets.size() + 1);
        for (Bucket b : buckets) {
            edges.add(b.from());
        }
        edges.add(buckets.get(buckets.size() - 1).until());
        return edges;
    }
}
