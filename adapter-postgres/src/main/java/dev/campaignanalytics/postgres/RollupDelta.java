package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.TrackedEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

import java.util.HashMap;
import java.util.Map;

/**
 * The counts of one transaction's new events per all-dimensions key (campaign, 15-minute slot, segment, channel,
 * device), aggregated here and appended to {@code campaign_rollup_delta} as one row per key, in one statement. The
 * rollup levels get them later, from {@link RollupCompactor}; reports add the rows not yet compacted.
 */
final class RollupDelta {
    private static final String ADD_DELTA = Sql.statement(JdbiEventStore.class, "addDelta");

    private final Map<Rollups.FullKey, long[]> rows = new HashMap<>();

    void add(TrackedEvent e) {
        Dimensions d = e.dimensions();
        rows.computeIfAbsent(Rollups.FullKey.of(e.campaignId().value(), e.occurredAt().getEpochSecond(),
                d.audienceSegment(), d.channel(), d.deviceType()), k -> new long[4])[e.type().ordinal()]++;
    }

    /** Appends one row per key, in the caller's transaction. Appends lock no existing row, so order is free. */
    void write(Handle h) {
        if (rows.isEmpty()) {
            return;
        }
        Update u = h.createUpdate(ADD_DELTA);
        Rollups.bindFullRows(u, "delta", rows);
        u.execute();
    }
}
