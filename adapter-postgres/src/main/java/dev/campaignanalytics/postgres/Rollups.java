package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Pre-aggregated counts added to every rollup level: the time-only and the one-dimension levels in 15-minute, hourly
 * and daily buckets (all aligned to UTC), and the all-dimensions level in 15-minute slots. {@link RollupCompactor}
 * sums one batch of delta rows here, so that each rollup row is written once per compaction, all levels in one
 * statement; rows go in key order, so that compactors running at once lock them in one order and never deadlock.
 */
final class Rollups {
    /** The finest rollup buckets are 15 minutes, aligned to UTC; every zone offset in use is a multiple of them. */
    static final long SLOT_SECONDS = 900;

    /** The bucket lengths kept for the time-only and one-dimension levels, finest first. */
    enum Span {
        QUARTER(SLOT_SECONDS, "campaign_rollup_total", "campaign_rollup_dimension"),
        HOUR(3_600, "campaign_rollup_total_hour", "campaign_rollup_dimension_hour"),
        DAY(86_400, "campaign_rollup_total_day", "campaign_rollup_dimension_day");

        final long seconds;
        final String totalTable;
        final String dimensionTable;

        Span(long seconds, String totalTable, String dimensionTable) {
            this.seconds = seconds;
            this.totalTable = totalTable;
            this.dimensionTable = dimensionTable;
        }

        /** The start of the bucket of this span that holds the instant (epoch seconds). */
        long start(long epochSecond) {
            return Math.floorDiv(epochSecond, seconds) * seconds;
        }

        /** Whether the instant is the start of a bucket of this span. */
        boolean isEdge(Instant t) {
            return t.getNano() == 0 && Math.floorMod(t.getEpochSecond(), seconds) == 0;
        }

        /** The bind-parameter prefix of this span's arrays in {@code addRollups.sql}. */
        private String prefix(String level) {
            return level + switch (this) {
                case QUARTER -> "Quarter";
                case HOUR -> "Hour";
                case DAY -> "Day";
            };
        }
    }

    private static final String ADD_ROLLUPS = Sql.statement(JdbiEventStore.class, "addRollups");

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Span[] SPANS = Span.values();

    @SuppressWarnings("unchecked")
    private final Map<TotalKey, long[]>[] totals = new Map[SPANS.length];
    @SuppressWarnings("unchecked")
    private final Map<DimensionKey, long[]>[] dimensions = new Map[SPANS.length];
    // Sums are gathered in hash maps (one lookup per event and level) and put in key order once, when written.
    private final Map<FullKey, long[]> full = new HashMap<>();

    Rollups() {
        for (int s = 0; s < SPANS.length; s++) {
            totals[s] = new HashMap<>();
            dimensions[s] = new HashMap<>();
        }
    }

    /** The start of the 15-minute slot that holds the instant. */
    static Instant slot(Instant t) {
        return Instant.ofEpochSecond(Span.QUARTER.start(t.getEpochSecond()));
    }

    /**
     * Adds counts of events with one set of dimensions to every level: {@code at} is any instant (epoch seconds) of
     * their 15-minute slot, e.g. its start, and {@code counts} are per event type in {@code EventType} order.
     */
    void add(UUID campaign, long at, String audienceSegment, String channel, String deviceType, long[] counts) {
        String[] values = {audienceSegment, channel, deviceType};
        for (int s = 0; s < SPANS.length; s++) {
            long bucket = SPANS[s].start(at);
            addTo(totals[s].computeIfAbsent(new TotalKey(campaign, bucket), k -> new long[4]), counts);
            for (int dim = 0; dim < values.length; dim++) {
                addTo(dimensions[s].computeIfAbsent(new DimensionKey(campaign, (short) (dim + 1), bucket,
                        values[dim]), k -> new long[4]), counts);
            }
        }
        addTo(full.computeIfAbsent(FullKey.of(campaign, at, audienceSegment, channel, deviceType),
                k -> new long[4]), counts);
    }

    private static void addTo(long[] sum, long[] counts) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += counts[i];
        }
    }

    boolean isEmpty() {
        return full.isEmpty();
    }

    /** Adds the aggregated counts to the rollup tables, in the caller's transaction, in one statement. */
    void write(Handle h) {
        if (isEmpty()) {
            return;
        }
        Update u = h.createUpdate(ADD_ROLLUPS);
        for (int s = 0; s < SPANS.length; s++) {
            String p = SPANS[s].prefix("total");
            Map<TotalKey, long[]> total = new TreeMap<>(totals[s]);
            int n = total.size();
            List<String> campaigns = new ArrayList<>(n);
            List<Long> buckets = new ArrayList<>(n);
            for (TotalKey k : total.keySet()) {
                campaigns.add(k.campaign.toString());
                buckets.add(k.bucket);
            }
            u.bindArray(p + "CampaignIds", String.class, campaigns).bindArray(p + "Buckets", Long.class, buckets);
            bindCounts(u, p, total);

            p = SPANS[s].prefix("dimension");
            Map<DimensionKey, long[]> dimension = new TreeMap<>(dimensions[s]);
            n = dimension.size();
            campaigns = new ArrayList<>(n);
            buckets = new ArrayList<>(n);
            List<Short> dims = new ArrayList<>(n);
            List<String> values = new ArrayList<>(n);
            for (DimensionKey k : dimension.keySet()) {
                campaigns.add(k.campaign.toString());
                dims.add(k.dimension);
                buckets.add(k.bucket);
                values.add(k.value);
            }
            u.bindArray(p + "CampaignIds", String.class, campaigns).bindArray(p + "Dimensions", Short.class, dims)
                    .bindArray(p + "Buckets", Long.class, buckets).bindArray(p + "Values", String.class, values);
            bindCounts(u, p, dimension);
        }
        bindFullRows(u, "full", new TreeMap<>(full));
        u.execute();
    }

    /**
     * Binds all-dimensions rows, in the map's order, as the arrays {@code <prefix>CampaignIds}, {@code Buckets}
     * (epoch seconds of the 15-minute slot), {@code AudienceSegments}, {@code Channels}, {@code DeviceTypes} and the
     * four counts.
     */
    private static void bindFullRows(Update u, String prefix, Map<FullKey, long[]> rows) {
        int n = rows.size();
        List<String> campaigns = new ArrayList<>(n);
        List<Long> buckets = new ArrayList<>(n);
        List<String> segments = new ArrayList<>(n);
        List<String> channels = new ArrayList<>(n);
        List<String> devices = new ArrayList<>(n);
        for (FullKey k : rows.keySet()) {
            campaigns.add(k.campaign.toString());
            buckets.add(k.bucket);
            segments.add(k.audienceSegment);
            channels.add(k.channel);
            devices.add(k.deviceType);
        }
        u.bindArray(prefix + "CampaignIds", String.class, campaigns).bindArray(prefix + "Buckets", Long.class, buckets)
                .bindArray(prefix + "AudienceSegments", String.class, segments)
                .bindArray(prefix + "Channels", String.class, channels)
                .bindArray(prefix + "DeviceTypes", String.class, devices);
        bindCounts(u, prefix, rows);
    }

    /** Binds the four counts of each row as columns, in {@code EventType} order. */
    private static void bindCounts(Update u, String prefix, Map<?, long[]> rows) {
        int n = rows.size();
        Long[] impressions = new Long[n];
        Long[] views = new Long[n];
        Long[] clicks = new Long[n];
        Long[] conversions = new Long[n];
        int i = 0;
        for (long[] r : rows.values()) {
            impressions[i] = r[0];
            views[i] = r[1];
            clicks[i] = r[2];
            conversions[i] = r[3];
            i++;
        }
        u.bindArray(prefix + "Impressions", impressions).bindArray(prefix + "Views", views)
                .bindArray(prefix + "Clicks", clicks).bindArray(prefix + "Conversions", conversions);
    }

    private record TotalKey(UUID campaign, long bucket) implements Comparable<TotalKey> {
        @Override
        public int compareTo(TotalKey o) {
            int c = campaign.compareTo(o.campaign);
            return c != 0 ? c : Long.compare(bucket, o.bucket);
        }
    }

    private record DimensionKey(UUID campaign, short dimension, long bucket, String value)
            implements Comparable<DimensionKey> {
        @Override
        public int compareTo(DimensionKey o) {
            int c = campaign.compareTo(o.campaign);
            if (c == 0) {
                c = Short.compare(dimension, o.dimension);
            }
            if (c == 0) {
                c = Long.compare(bucket, o.bucket);
            }
            return c != 0 ? c : NULLS_FIRST.compare(value, o.value);
        }
    }

    /** The key of the all-dimensions level: a campaign's events with one set of dimensions in one 15-minute slot. */
    record FullKey(UUID campaign, long bucket, String audienceSegment, String channel,
                           String deviceType) implements Comparable<FullKey> {
        /** The key of events with these dimensions at {@code at} (epoch seconds): bucket is its 15-minute slot. */
        static FullKey of(UUID campaign, long at, String audienceSegment, String channel, String deviceType) {
            return new FullKey(campaign, Span.QUARTER.start(at), audienceSegment, channel, deviceType);
        }

        @Override
        public int compareTo(FullKey o) {
            int c = campaign.compareTo(o.campaign);
            if (c == 0) {
                c = Long.compare(bucket, o.bucket);
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
