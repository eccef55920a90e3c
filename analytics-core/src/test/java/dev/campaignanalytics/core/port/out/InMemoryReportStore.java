package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.TrackedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ReportStore} that counts, one by one, the events kept in an {@link InMemoryEventStore}. It knows no
 * calendar: it only places each event's instant between the edges it is given.
 */
public final class InMemoryReportStore implements ReportStore {
    private final InMemoryEventStore events;
    private final List<CountQuery> queries = new ArrayList<>();

    public InMemoryReportStore(InMemoryEventStore events) {
        this.events = events;
    }

    private record Key(CampaignId campaign, int slice, String value) {
    }

    @Override
    public synchronized List<SliceCount> count(CountQuery query) {
        queries.add(query);
        Map<Key, Counts> counts = new LinkedHashMap<>();
        for (NewEvent stored : events.stored()) {
            TrackedEvent e = stored.event();
            if (!query.campaigns().contains(e.campaignId()) || !query.filter().matches(e.dimensions())) {
                continue;
            }
            int slice = sliceOf(query.edges(), e.occurredAt());
            if (slice < 0) {
                continue;
            }
            String value = query.groupBy() == null ? null : query.groupBy().valueOf(e.dimensions());
            counts.merge(new Key(e.campaignId(), slice, value), Counts.of(e.type(), 1), Counts::plus);
        }
        List<SliceCount> out = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> out.add(new SliceCount(k.campaign(), k.slice(), k.value(), c)));
        return out;
    }

    /** The index i with edges[i] <= t < edges[i+1], or -1 when t lies outside every slice. */
    private static int sliceOf(List<Instant> edges, Instant t) {
        for (int i = 0; i + 1 < edges.size(); i++) {
            if (!t.isBefore(edges.get(i)) && t.isBefore(edges.get(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized Optional<EventTimeSpan> eventTimeSpan(CampaignId campaign, Instant from, Instant until,
                                                              DimensionFilter filter) {
        Instant first = null;
        Instant last = null;
        for (NewEvent stored : events.stored()) {
            TrackedEvent e = stored.event();
            Instant t = e.occurredAt();
            if (!Objects.equals(e.campaignId(), campaign) || !filter.matches(e.dimensions())
                    || t.isBefore(from) || !t.isBefore(until)) {
                continue;
            }
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        return first == null ? Optional.empty() : Optional.of(new EventTimeSpan(first, last));
    }

    /** Every count query asked so far, in order. */
    public synchronized List<CountQuery> queries() {
        return List.copyOf(queries);
    }
}
