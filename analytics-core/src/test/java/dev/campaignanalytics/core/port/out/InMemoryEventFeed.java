package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.FeedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * An {@link EventFeed} in a list, for tests. Events get positions in the order they are added; the test announces
 * them with {@link #announce()}, on its own thread, as the store's listener would on its thread.
 */
public final class InMemoryEventFeed implements EventFeed {
    private final List<FeedEvent> events = new ArrayList<>();
    private final List<LongConsumer> subscribers = new CopyOnWriteArrayList<>();
    private long nextPosition = 1;
    private boolean unavailable;
    private int reads;

    /** Stores an event (not yet announced) and returns it. */
    public synchronized FeedEvent add(CampaignId campaign, EventType type, Instant receivedAt) {
        FeedEvent e = new FeedEvent(nextPosition++, new EventId(UUID.randomUUID()), campaign, "Campaign " + campaign,
                type, null, Dimensions.NONE, receivedAt, receivedAt);
        events.add(e);
        return e;
    }

    /** Tells every subscriber of the newest position, as a notification after a commit would. */
    public void announce() {
        long newest = latestPosition();
        for (LongConsumer s : subscribers) {
            s.accept(newest);
        }
    }

    /** From now on every read fails with {@link StoreUnavailableException} (or works again). */
    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** How many reads of events were made so far. */
    public synchronized int reads() {
        return reads;
    }

    public int subscribers() {
        return subscribers.size();
    }

    @Override
    public synchronized List<FeedEvent> readAfter(long after, long upTo, CampaignId campaign, int limit) {
        checkAvailable();
        reads++;
        return events.stream()
                .filter(e -> e.position() > after && e.position() <= upTo)
                .filter(e -> campaign == null || e.campaignId().equals(campaign))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<FeedEvent> newestUpTo(long upTo, CampaignId campaign, int limit) {
        checkAvailable();
        reads++;
        return events.stream()
                .filter(e -> e.position() <= upTo)
                .filter(e -> campaign == null || e.campaignId().equals(campaign))
                .sorted(Comparator.comparingLong(FeedEvent::position).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<FeedEvent> newestReceivedAfter(CampaignId campaign, Instant receivedAfter, int limit) {
        checkAvailable();
        reads++;
        return events.stream()
                .filter(e -> receivedAfter == null || e.receivedAt().isAfter(receivedAfter))
                .filter(e -> campaign == null || e.campaignId().equals(campaign))
                .sorted(Comparator.comparing(FeedEvent::receivedAt).thenComparingLong(FeedEvent::position).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long latestPosition() {
        checkAvailable();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).position();
    }

    @Override
    public Subscription subscribe(LongConsumer newest) {
        subscribers.add(newest);
        return () -> subscribers.remove(newest);
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new StoreUnavailableException("the in-memory feed was told to be down", null);
        }
    }
}
