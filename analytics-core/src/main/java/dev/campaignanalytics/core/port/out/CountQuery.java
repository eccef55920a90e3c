package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which events to count and how to slice them.
 *
 * @param campaigns the campaigns whose events are counted, each separately
 * @param edges     two or more ascending instants; slice {@code i} counts events that happened in
 *                  {@code [edges[i], edges[i+1])}, so events before the first or at/after the last are not counted
 * @param filter    only events matching it are counted
 * @param groupBy   when not {@code null}, counts are also split by the value of this dimension
 */
public record CountQuery(List<CampaignId> campaigns, List<Instant> edges, DimensionFilter filter,
                         Dimension groupBy) {
    /**
     * Requires at least one campaign and two bucket edges in time order.
     *
     * @param campaigns the campaigns whose events are counted, each separately; at least one
     * @param edges two or more ascending instants; slice {@code i} counts events in {@code [edges[i], edges[i+1])}
     * @param filter only events matching it are counted
     * @param groupBy when not null, counts are also split by the value of this dimension
     */
    public CountQuery {
        campaigns = List.copyOf(campaigns);
        edges = List.copyOf(edges);
        Objects.requireNonNull(filter, "filter");
        if (campaigns.isEmpty()) {
            throw new IllegalArgumentException("count at least one campaign");
        }
        if (edges.size() < 2) {
            throw new IllegalArgumentException("two edges make the smallest slice");
        }
        for (int i = 1; i < edges.size(); i++) {
            if (!edges.get(i - 1).isBefore(edges.get(i))) {
                throw new IllegalArgumentException("edges must ascend strictly");
            }
        }
    }

    /** {@return where counting starts: the first edge, inclusive} */
    public Instant from() {
        return edges.get(0);
    }

    /** {@return where counting ends: the last edge, exclusive} */
    public Instant until() {
        return edges.get(edges.size() - 1);
    }
}
