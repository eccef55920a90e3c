package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.TrackedEvent;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pre-aggregated counts of one transaction's new events, added to the three rollup levels. The events are
 * aggregated here first, so that each rollup row is written once per transaction, and the rows are written in key
 * order, so that concurrent writers lock them in the same order and never deadlock.
 */
final class Rollups {
    /** Rollup slots are 15 minutes, aligned to UTC. */
    static final long SLOT_SECONDS = 900;

    private static final String ADD_TOTALS = Sql.statement(JdbiEventStore.class, "addTotals");
    private static final String ADD_DIMENSIONS = Sql.statement(JdbiEventStore.class, "addDimensions");
    private static final String ADD_FULL = Sql.statement(JdbiEventStore.class, "addFull");

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final Map<TotalKey, long[]> totals = new TreeMap<>();
    private final Map<DimensionKey, long[]> dimensions = new TreeMap<>();
    private final Map<FullKey, long[]> full = new TreeMap<>();

    /** The start of the 15-minute slot that holds the instant. */
    static Instant slot(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), SLOT_SECONDS) * SLOT_SECONDS);
    }

    void add(TrackedEvent e) {
        String campaign = e.campaignId().toString();
        Instant bucket = slot(e.occurredAt());
        int type = e.type().ordinal();
        Dimensions d = e.dimensions();
        totals.computeIfAbsent(new TotalKey(campaign, bucket), k -> new long[4])[type]++;
        for (Dimension dim : Dimension.values()) {
            dimensions.computeIfAbsent(new DimensionKey(campaign, (short) (dim.ordinal() + 1), bucket,
                    dim.valueOf(d)), k -> new long[4])[type]++;
        }
        full.computeIfAbsent(new FullKey(campaign, bucket, d.audienceSegment(), d.channel(), d.deviceType()),
                k -> new long[4])[type]++;
    }

    boolean isEmpty() {
        return totals.isEmpty();
    }

    /** Adds the aggregated counts to the rollup tables, in the caller's transaction. */
    void write(Handle h) {
        if (isEmpty()) {
            return;
        }
        Columns c = new Columns(totals.values());
        h.createUpdate(ADD_TOTALS)
                .bindArray("campaignIds", String.class, totals.keySet().stream().map(TotalKey::campaign).toList())
                .bindArray("buckets", String.class, totals.keySet().stream().map(k -> Sql.text(k.bucket)).toList())
                .bindArray("impressions", Long.class, c.impressions).bindArray("views", Long.class, c.views)
                .bindArray("clicks", Long.class, c.clicks).bindArray("conversions", Long.class, c.conversions)
                .execute();
        c = new Columns(dimensions.values());
        h.createUpdate(ADD_DIMENSIONS)
                .bindArray("campaignIds", String.class,
                        dimensions.keySet().stream().map(DimensionKey::campaign).toList())
                .bindArray("dimensions", Short.class,
                        dimensions.keySet().stream().map(DimensionKey::dimension).toList())
                .bindArray("buckets", String.class,
                        dimensions.keySet().stream().map(k -> Sql.text(k.bucket)).toList())
                .bindArray("dimensionValues", String.class,
                        dimensions.keySet().stream().map(DimensionKey::value).toList())
                .bindArray("impressions", Long.class, c.impressions).bindArray("views", Long.class, c.views)
                .bindArray("clicks", Long.class, c.clicks).bindArray("conversions", Long.class, c.conversions)
                .execute();
        c = new Columns(full.values());
        h.createUpdate(ADD_FULL)
                .bindArray("campaignIds", String.class, full.keySet().stream().map(FullKey::campaign).toList())
                .bindArray("buckets", String.class, full.keySet().stream().map(k -> Sql.text(k.bucket)).toList())
                .bindArray("audienceSegments", String.class,
                        full.keySet().stream().map(FullKey::audienceSegment).toList())
                .bindArray("channels", String.class, full.keySet().stream().map(FullKey::channel).toList())
                .bindArray("deviceTypes", String.class, full.keySet().stream().map(FullKey::deviceType).toList())
                .bindArray("impressions", Long.class, c.impressions).bindArray("views", Long.class, c.views)
                .bindArray("clicks", Long.class, c.clicks).bindArray("conversions", Long.class, c.conversions)
                .execute();
    }

    /** The four counts of each row as columns, in {@code EventType} order. */
    private static final class Columns {
        final List<Long> impressions = new ArrayList<>();
        final List<Long> views = new ArrayList<>();
        final List<Long> clicks = new ArrayList<>();
        final List<Long> conversions = new ArrayList<>();

        Columns(Collection<long[]> rows) {
            for (long[] r : rows) {
                impressions.add(r[0]);
                views.add(r[1]);
                clicks.add(r[2]);
                conversions.add(r[3]);
            }
        }
    }

    private record TotalKey(String campaign, Instant bucket) implements Comparable<TotalKey> {
        @Override
        public int compareTo(TotalKey o) {
            int c = campaign.compareTo(o.campaign);
            return c != 0 ? c : bucket.compareTo(o.bucket);
        }
    }

    private record DimensionKey(String campaign, short dimension, Instant bucket, String value)
            implements Comparable<DimensionKey> {
        @Override
        public int compareTo(DimensionKey o) {
            int c = campaign.compareTo(o.campaign);
            if (c == 0) {
                c = Short.compare(dimension, o.dimension);
            }
            if (c == 0) {
                c = bucket.compareTo(o.bucket);
            }
            return c != 0 ? c : NULLS_FIRST.compare(value, o.value);
        }
    }

    private record FullKey(String campaign, Instant bucket, String audienceSegment, String channel,
                           String deviceType) implements Comparable<FullKey> {
        @Override
        public int compareTo(FullKey o) {
            int c = campaign.compareTo(o.campaign);
            if (c == 0) {
                c = bucket.compareTo(o.bucket);
            }
            if (c == 0) {
                c = NULLS_FIRST.compare(audienceSegment, o.audienceSegment);
            }
            if (c == 0) {
                c = NULLS_FIRST.compare(channel, o.channel);
            }
            return c != 0 ? c : NULLS_FIRST.compare(deviceType, o.deviceType);
        }
    }

}
