package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EventStore} in a list, for tests. Like the real one it is atomic per batch and idempotent on
 * (campaign, client event id), within a batch and across batches.
 */
public final class InMemoryEventStore implements EventStore {
    private final List<NewEvent> events = new ArrayList<>();
    private final Map<Key, EventId> byClientId = new HashMap<>();
    private boolean unavailable;
    private int appendCalls;

    private record Key(CampaignId campaign, String clientEventId) {
    }

    @Override
    public synchronized List<AppendOutcome> append(List<NewEvent> batch) {
        appendCalls++;
        if (unavailable) {
            throw new StoreUnavailableException("the in-memory store was told to be down", null);
        }
        // Work on copies and publish only at the end, so that a batch is all or nothing.
        List<NewEvent> added = new ArrayList<>();
        Map<Key, EventId> keys = new HashMap<>(byClientId);
        List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
        for (NewEvent e : batch) {
            String clientId = e.event().clientEventId();
            if (clientId != null) {
                Key key = new Key(e.event().campaignId(), clientId);
                EventId first = keys.get(key);
                if (first != null) {
                    outcomes.add(new AppendOutcome(first, true));
                    continue;
                }
                keys.put(key, e.id());
            }
            added.add(e);
            outcomes.add(new AppendOutcome(e.id(), false));
        }
        events.addAll(added);
        byClientId.clear();
        byClientId.putAll(keys);
        return outcomes;
    }

    /** Every stored event, in the order stored. */
    public synchronized List<NewEvent> stored() {
        return List.copyOf(events);
    }

    /** From now on every append fails with {@link StoreUnavailableException} (or works again). */
    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public synchronized int appendCalls() {
        return appendCalls;
    }
}
