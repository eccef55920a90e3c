package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.TrackedEvent;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The counts of one transaction's new events per all-dimensions key (campaign, 15-minute slot, segment, channel,
 * device), aggregated here and appended to {@code campaign_rollup_delta} as one row per key, with one {@code COPY}.
 * The rollup levels get them later, from {@link RollupCompactor}; reports add the rows not yet compacted.
 */
final class RollupDelta {
    /** One row per key: the slot's start, then the counts in {@code EventType} order. */
    private static final String COPY_DELTA = "COPY campaign_rollup_delta (campaign_id, bucket, audience_segment, "
            + "channel, device_type, impressions, views, clicks, conversions) FROM STDIN (FORMAT binary)";

    private final Map<Rollups.FullKey, long[]> rows = new HashMap<>();

    void add(TrackedEvent e) {
        Dimensions d = e.dimensions();
        rows.computeIfAbsent(Rollups.FullKey.of(e.campaignId().value(), e.occurredAt().getEpochSecond(),
                d.audienceSegment(), d.channel(), d.deviceType()), k -> new long[4])[e.type().ordinal()]++;
    }

    /**
     * Appends one row per key, in the caller's transaction. The table has no unique key and appends lock no existing
     * row, so order is free and concurrent appends never wait for each other here.
     */
    void write(Handle h) {
        if (rows.isEmpty()) {
            return;
        }
        BinaryCopyRows copy = new BinaryCopyRows(rows.size() * 120);
        for (Map.Entry<Rollups.FullKey, long[]> row : rows.entrySet()) {
            Rollups.FullKey k = row.getKey();
            long[] counts = row.getValue();
            copy.row(9);
            copy.uuid(k.campaign());
            copy.timestamptz(Instant.ofEpochSecond(k.bucket()));
            copy.text(k.audienceSegment());
            copy.text(k.channel());
            copy.text(k.deviceType());
            for (long count : counts) {
                copy.bigint(count);
            }
        }
        copy.copyIn(h, COPY_DELTA);
    }
}
