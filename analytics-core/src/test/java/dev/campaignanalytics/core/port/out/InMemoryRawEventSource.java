package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.TrackedEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link RawEventSource} over the events of an {@link InMemoryEventStore}, for tests; it remembers its queries. */
public final class InMemoryRawEventSource implements RawEventSource {
    private final InMemoryEventStore events;
    private final List<Query> queries = new ArrayList<>();

    public InMemoryRawEventSource(InMemoryEventStore events) {
        this.events = events;
    }

    @Override
    public void forEach(Query query, Sink sink) throws IOException {
        queries.add(query);
        List<NewEvent> matching = new ArrayList<>();
        for (NewEvent stored : events.stored()) {
            TrackedEvent e = stored.event();
            if (e.campaignId().equals(query.campaign()) && !e.occurredAt().isBefore(query.from())
                    && e.occurredAt().isBefore(query.until()) && query.filter().matches(e.dimensions())) {
                matching.add(stored);
            }
        }
        matching.sort(Comparator.comparing((NewEvent s) -> s.event().occurredAt())
                .thenComparing(s -> s.id().toString()));
        for (NewEvent stored : matching) {
            sink.accept(raw(stored));
        }
    }

    /** An event as a store gives it back. */
    public static RawEvent raw(NewEvent stored) {
        TrackedEvent e = stored.event();
        return new RawEvent(stored.id(), e.campaignId(), e.type(), e.occurredAt(), stored.receivedAt(),
                e.dimensions().audienceSegment(), e.dimensions().channel(), e.dimensions().deviceType(),
                e.sessionId(), e.userId(), e.userAgent(), e.ipAddress() == null ? null : e.ipAddress().toString(),
                e.referrerUrl(), e.eventData() == null ? null : e.eventData().json(), e.clientEventId());
    }

    public List<Query> queries() {
        return List.copyOf(queries);
    }
}
