package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Events as they come in, for a live view: page after page by position ({@link #poll}), the newest ones by receive
 * time ({@link #recent}, the older and lossy form), or every event as it commits ({@link #follow}).
 *
 * <p>Both throw {@link dev.campaignanalytics.core.domain.CampaignNotFoundException} for a campaign that does not exist
 * and {@link dev.campaignanalytics.core.port.out.StoreUnavailableException} when the store cannot be reached.
 */
public interface LiveFeedUseCase {

    /**
     * The newest events received strictly after {@link RecentQuery#receivedAfter()}, newest first.
     *
     * <p>This suits a view that polls for what is new. It is not a complete log: when more events came in than the
     * limit, only the newest are returned; and an event is stamped as received before its transaction commits, so an
     * event of a slow transaction may commit after a poll has already moved past its receive time. A client that
     * must see every event polls by position ({@link #poll}) or follows the feed instead.
     *
     * @param query the campaign (or all), the receive time to start after (exclusive), and the limit
     * @return the newest matching events, newest first, and the time to ask again from
     */
    RecentEvents recent(RecentQuery query);

    /**
     * One page of the feed by position, for a client that polls and must see every event exactly once.
     *
     * <p>With {@link PollQuery#afterPosition()}: the oldest events after that position, lowest position (commit order)
     * first, at most {@link PollQuery#limit()} of them. Asking again after {@link FeedPage#lastPosition()}, page after
     * page, gives every event exactly once, in commit order, events of slow transactions included: a position is only
     * ever readable once every lower position that will ever be readable is (see
     * {@link dev.campaignanalytics.core.port.out.EventFeed}), and a page never reaches past the newest position
     * committed when it was read.
     *
     * <p>Without a position: the newest events, newest first, and the position to continue from, so that a view can
     * start with the latest events and then never miss one.
     *
     * @param query the campaign (or all), the position to continue after (or none) and the limit
     * @return the page and the position to ask with next
     * @throws InvalidInputException when the position to continue after is beyond the newest event
     */
    FeedPage poll(PollQuery query);

    /**
     * Starts following the feed: every event committed from now on, in commit order. With
     * {@link FollowQuery#afterPosition()}, every event after that position is first replayed, then the feed continues
     * live, without a gap and without an event twice.
     *
     * <p>The caller reads with {@link Follow#next} and must close the follow when done.
     *
     * @param query the campaign (or all) and the position to resume after
     * @return the follow, to be read by one thread and closed when done
     * @throws InvalidInputException when the position to resume after is beyond the newest event
     */
    Follow follow(FollowQuery query);

    /**
     * @param campaign      only this campaign's events; {@code null} for every campaign's
     * @param receivedAfter only events received strictly after this instant, from {@link #EARLIEST} to
     *                      {@link #LATEST}; {@code null} for no bound
     * @param limit         the most events returned, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
     */
    record RecentQuery(CampaignId campaign, Instant receivedAfter, int limit) {
        /** How many recent events are returned when the caller does not say. */
        public static final int DEFAULT_LIMIT = 50;
        /** The fewest recent events that may be asked for. */
        public static final int MIN_LIMIT = 1;
        /** The most recent events that may be asked for. */
        public static final int MAX_LIMIT = 500;
        /** The earliest {@code receivedAfter}: no event of campaign analytics was received before. */
        public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
        /** The latest {@code receivedAfter}; later instants are beyond what stores hold. */
        public static final Instant LATEST = Instant.parse("2999-12-31T23:59:59Z");

        /**
         * Refuses a limit outside {@link #MIN_LIMIT} to {@link #MAX_LIMIT}.
         *
         * @param campaign only this campaign's events; null for every campaign's
         * @param receivedAfter only events received strictly after this instant; null for no bound
         * @param limit the most events returned, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
         */
        public RecentQuery {
            if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
                throw new InvalidInputException("limit", "must be between " + MIN_LIMIT + " and " + MAX_LIMIT);
            }
            if (receivedAfter != null && (receivedAfter.isBefore(EARLIEST) || receivedAfter.isAfter(LATEST))) {
                throw new InvalidInputException("last_updated", "must be between " + EARLIEST + " and " + LATEST);
            }
        }
    }

    /**
     * The answer to a {@link RecentQuery}.
     *
     * @param events      newest first
     * @param lastUpdated when the newest of the events was received; when there are none, the query's
     *                    {@code receivedAfter} (possibly {@code null}). Asking again with it as {@code receivedAfter}
     *                    gives what came in since.
     */
    record RecentEvents(List<FeedEvent> events, Instant lastUpdated) {
        /**
         * Takes an unmodifiable copy of the events.
         *
         * @param events the events, newest first
         * @param lastUpdated when the newest event was received; without events, the query's {@code receivedAfter}
         */
        public RecentEvents {
            events = List.copyOf(events);
        }
    }

    /**
     * @param campaign      only this campaign's events; {@code null} for every campaign's
     * @param afterPosition the position to continue after (exclusive), at least 0 (0: from the first event);
     *                      {@code null} for the newest events
     * @param limit         the most events returned, {@value RecentQuery#MIN_LIMIT} to {@value RecentQuery#MAX_LIMIT}
     */
    record PollQuery(CampaignId campaign, Long afterPosition, int limit) {
        /**
         * Refuses a limit outside {@link RecentQuery#MIN_LIMIT} to {@link RecentQuery#MAX_LIMIT} and a negative
         * position (naming {@code last_event_id}).
         *
         * @param campaign only this campaign's events; null for every campaign's
         * @param afterPosition the position to continue after; null for the newest events
         * @param limit the most events returned
         */
        public PollQuery {
            Validation v = new Validation();
            if (limit < RecentQuery.MIN_LIMIT || limit > RecentQuery.MAX_LIMIT) {
                v.add("limit", "must be between " + RecentQuery.MIN_LIMIT + " and " + RecentQuery.MAX_LIMIT);
            }
            if (afterPosition != null && afterPosition < 0) {
                v.add("last_event_id", "must be a whole number of at least 0");
            }
            v.throwIfInvalid();
        }
    }

    /**
     * The answer to a {@link PollQuery}.
     *
     * @param events       after a position: lowest position first; without one: the newest, newest first
     * @param lastPosition the position to continue after next time: the last event's when more follow it; otherwise
     *                     the newest position of the whole store when read, since the page holds every event (of
     *                     this campaign) up to it, so that the next poll starts past other campaigns' positions
     *                     rather than reading them again
     * @param hasMore      whether more events came after the returned ones by the time of the read: ask again at
     *                     once rather than after the polling interval. Always false without a position (nothing is
     *                     newer than the newest)
     * @param lastUpdated  when the newest of the events was received, {@code null} when there are none; what the older
     *                     form of polling, by receive time, continues with
     */
    record FeedPage(List<FeedEvent> events, long lastPosition, boolean hasMore, Instant lastUpdated) {
        /**
         * Takes an unmodifiable copy of the events.
         *
         * @param events the events in the order of the query
         * @param lastPosition the position to continue after
         * @param hasMore whether more events follow the returned ones
         * @param lastUpdated when the newest event was received; null without events
         */
        public FeedPage {
            events = List.copyOf(events);
        }
    }

    /**
     * @param campaign      only this campaign's events; {@code null} for every campaign's
     * @param afterPosition resume after this position: the events after it are replayed first; {@code null} to
     *                      start with the events committed from now on
     */
    record FollowQuery(CampaignId campaign, Long afterPosition) {
        /**
         * Refuses a negative position to resume after (naming {@code last_event_id}).
         *
         * @param campaign only this campaign's events; null for every campaign's
         * @param afterPosition the position to resume after; null to start with events committed from now on
         */
        public FollowQuery {
            if (afterPosition != null && afterPosition < 0) {
                throw new InvalidInputException("last_event_id", "must be a whole number of at least 0");
            }
        }
    }

    /**
     * One follower of the feed. Its events wait in a bounded buffer of its own; a follower that falls more than the
     * buffer behind is dropped (it can resume after the last position it got), so that a slow reader never holds up
     * anyone else.
     */
    interface Follow extends AutoCloseable {
        /**
         * The next event, waiting up to {@code maxWait} for one. Meant for one reading thread.
         *
         * @param maxWait the longest to wait for an event
         * @return the event, {@link Step#IDLE} when none came within {@code maxWait}, or why the follow ended
         * @throws InterruptedException when the reading thread is interrupted while waiting
         * @throws dev.campaignanalytics.core.port.out.StoreUnavailableException while replaying, when the store
         *                                                                        cannot be reached
         */
        Step next(Duration maxWait) throws InterruptedException;

        /**
         * Runs {@code action} once, with the reason, if this follower is ended by the feed rather than by its own
         * {@link #close()}: when it fell behind or the feed shut down. It runs at once when that has happened already.
         * It may run on the feed's thread, so it must not block; it is the place to cut a connection whose reader may
         * be stuck in a write.
         *
         * @param action what to do with the reason the feed ended this follower
         */
        void onEnded(Consumer<EndReason> action);

        /** Stops following; {@link #next} must not be called afterwards. */
        @Override
        void close();
    }

    /** What {@link Follow#next} found. */
    sealed interface Step permits Delivered, Idle, Ended {
        /** The one value of {@link Idle}. */
        Step IDLE = new Idle();
    }

    /**
     * The next event of the follower.
     *
     * @param event the event, the next position after the last one delivered
     */
    record Delivered(FeedEvent event) implements Step {
    }

    /** No event came within the wait. */
    record Idle() implements Step {
    }

    /**
     * The feed ended this follower; no more events come.
     *
     * @param reason why: the follower fell behind, or the feed shut down
     */
    record Ended(EndReason reason) implements Step {
    }

    /** Why the feed ended a follower. */
    enum EndReason {
        /** More events waited for the follower than its buffer holds. */
        FELL_BEHIND,
        /** The server is shutting down. */
        SHUT_DOWN
    }
}
