package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.FeedEvent;

import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Stored events in the order they were committed, and word of new ones as they commit.
 *
 * <p>A position ({@link FeedEvent#position()}) is only handed out in commit order: once an event at position
 * {@code p} can be read, every event at a lower position that will ever be readable already is. A reader that asks
 * again and again for the events after the last position it has seen therefore never misses one.
 *
 * <p>Every read throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface EventFeed {

    /**
     * The events at positions in {@code (after, upTo]}, lowest position first, at most {@code limit} of them.
     *
     * @param after the position last read, exclusive; 0 to start from the first event
     * @param upTo the highest position to read, inclusive
     * @param campaign only this campaign's events; {@code null} for every campaign's
     * @param limit the most events returned
     * @return the events, lowest position first
     */
    List<FeedEvent> readAfter(long after, long upTo, CampaignId campaign, int limit);

    /**
     * The events at positions up to {@code upTo}, highest position (the most recently committed) first, at most
     * {@code limit} of them.
     *
     * @param upTo     the highest position to read, inclusive
     * @param campaign only this campaign's events; {@code null} for every campaign's
     * @param limit    the most events returned
     * @return the newest events, highest position first
     */
    List<FeedEvent> newestUpTo(long upTo, CampaignId campaign, int limit);

    /**
     * The events received strictly after {@code receivedAfter}, newest first (by when they were received, then by
     * position), at most {@code limit} of them.
     *
     * @param campaign      only this campaign's events; {@code null} for every campaign's
     * @param receivedAfter {@code null} for no lower bound
     * @param limit         the most events returned
     * @return the newest matching events, newest first
     */
    List<FeedEvent> newestReceivedAfter(CampaignId campaign, Instant receivedAfter, int limit);

    /** {@return the highest position of a committed event; 0 when no event was ever stored} */
    long latestPosition();

    /**
     * Asks to be told of newly committed events. {@code newest} is called with a position up to which events can now
     * be read: after each commit of new events, and also every second or so (positions repeat; a store that lost
     * track of its notifications catches up this way). It is called on a thread of the feed's own, one call at a
     * time, and may read from the feed; it must not wait for anything else.
     *
     * <p>Calls stop when the returned subscription is closed.
     *
     * @param newest called with a position up to which (inclusive) events can now be read
     * @return the subscription; closing it stops the calls
     */
    Subscription subscribe(LongConsumer newest);

    /** A registration with {@link #subscribe}; closing it ends the calls. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
