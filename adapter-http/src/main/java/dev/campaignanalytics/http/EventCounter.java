package dev.campaignanalytics.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the events that reach the API, by the endpoint that took them and what became of each:
 * {@code analytics.events{endpoint, outcome}}, outcome {@code accepted} (newly stored), {@code duplicate} (a replayed
 * {@code event_id}, nothing stored) or {@code rejected} (broke a rule, nothing stored). Events of a request that
 * failed on the server's side (the store unavailable) are not counted; a body that cannot be read as a batch at all
 * counts no event, since how many it held is unknown; a refused single event counts as one rejected.
 */
final class EventCounter {
    static final String TRACK_EVENT = "track-event";
    static final String TRACK_EVENTS = "track-events";
    static final String IMPORT = "import";

    private final Map<String, Counter[]> counters = new HashMap<>();

    EventCounter(MeterRegistry registry) {
        for (String endpoint : new String[]{TRACK_EVENT, TRACK_EVENTS, IMPORT}) {
            counters.put(endpoint, new Counter[]{
                    counter(registry, endpoint, "accepted"),
                    counter(registry, endpoint, "duplicate"),
                    counter(registry, endpoint, "rejected")});
        }
    }

    private static Counter counter(MeterRegistry registry, String endpoint, String outcome) {
        return Counter.builder("analytics.events")
                .description("Events received, by endpoint and outcome")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .register(registry);
    }

    void count(String endpoint, long accepted, long duplicates, long rejected) {
        Counter[] c = counters.get(endpoint);
        c[0].increment(accepted);
        c[1].increment(duplicates);
        c[2].increment(rejected);
    }
}
