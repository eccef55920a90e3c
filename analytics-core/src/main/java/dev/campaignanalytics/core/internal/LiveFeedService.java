package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.EventFeed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live feed on an {@link EventFeed}.
 *
 * <p>Followers share one reader: each time the feed announces new events, they are read once, in position order, and
 * offered to every follower's bounded buffer. Offering never waits; a follower whose buffer is full is ended
 * ({@link EndReason#FELL_BEHIND}) and forgotten. So the thread that announces (the store's listener) never waits for
 * any follower, and one slow follower costs the others nothing.
 *
 * <p>The service hears from the feed from the first follower on, until it is closed. While nobody follows, announced
 * events are not read at all.
 *
 * <p>Resuming: a new follower is registered, under the reader's lock, at the position the reader has handed out so
 * far ({@code from}). Everything up to {@code from} is committed, so the follower replays {@code (after, from]} itself
 * from the store, and everything after {@code from} reaches its buffer from the reader. Positions already delivered are
 * skipped, which covers a follower resuming on an instance whose reader lags behind the one it came from.
 */
public final class LiveFeedService implements LiveFeedUseCase, AutoCloseable {
    /** How many events a follower's buffer holds by default. */
    public static final int DEFAULT_FOLLOWER_BUFFER = 1_000;
    /** How many events one read of the store returns at most. */
    static final int READ_PAGE = 500;

    private final CampaignCatalog catalog;
    private final EventFeed feed;
    private final int followerBuffer;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}, as is everything below. */
    private final List<Follower> followers = new ArrayList<>();
    private EventFeed.Subscription subscription;
    /** The position up to which events have been handed to the followers. */
    private long handedOut;
    private boolean closed;

    /** @param followerBuffer how many events may wait for one follower before it is dropped */
    public LiveFeedService(CampaignCatalog catalog, EventFeed feed, int followerBuffer) {
        if (followerBuffer < 1) {
            throw new IllegalArgumentException("a follower's buffer holds at least one event: " + followerBuffer);
        }
        this.catalog = catalog;
        this.feed = feed;
        this.followerBuffer = followerBuffer;
    }

    public LiveFeedService(CampaignCatalog catalog, EventFeed feed) {
        this(catalog, feed, DEFAULT_FOLLOWER_BUFFER);
    }

    @Override
    public RecentEvents recent(RecentQuery query) {
        requireExisting(query.campaign());
        List<FeedEvent> events = feed.newestReceivedAfter(query.campaign(), query.receivedAfter(), query.limit());
        Instant newest = lastReceived(events);
        Instant after = query.receivedAfter();
        return new RecentEvents(events, newest == null || (after != null && !newest.isAfter(after)) ? after : newest);
    }

    /**
     * Reads the newest committed position first and never past it, as a follower's replay is bounded by the position
     * handed out when it registered: whatever the page holds, and whatever it leaves for the next poll, lies within
     * what was committed when the poll began.
     */
    @Override
    public FeedPage poll(PollQuery query) {
        requireExisting(query.campaign());
        long latest = feed.latestPosition();
        if (query.afterPosition() == null) {
            List<FeedEvent> newest = feed.newestUpTo(latest, query.campaign(), query.limit());
            return new FeedPage(newest, latest, false, lastReceived(newest));
        }
        long after = query.afterPosition();
        if (after > latest) {
            throw new InvalidInputException("last_event_id", "must not be after the newest event position, " + latest);
        }
        List<FeedEvent> read = feed.readAfter(after, latest, query.campaign(), query.limit() + 1);
        boolean hasMore = read.size() > query.limit();
        List<FeedEvent> page = hasMore ? read.subList(0, query.limit()) : read;
        // A page that holds every event up to the newest position read lets the next poll start there, past the
        // positions of other campaigns' events (and of rolled-back appends), which it would otherwise read again.
        long next = hasMore ? page.get(page.size() - 1).position() : latest;
        return new FeedPage(page, next, hasMore, lastReceived(page));
    }

    /** When the latest of the events was received; {@code null} for none. */
    private static Instant lastReceived(List<FeedEvent> events) {
        Instant last = null;
        for (FeedEvent e : events) {
            if (last == null || e.receivedAt().isAfter(last)) {
                last = e.receivedAt();
            }
        }
        return last;
    }

    @Override
    public Follow follow(FollowQuery query) {
        requireExisting(query.campaign());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the live feed is shut down");
            }
            if (subscription == null) {
                handedOut = feed.latestPosition();
                subscription = feed.subscribe(this::announced);
            }
            long from = handedOut;
            long after = from;
            if (query.afterPosition() != null) {
                after = query.afterPosition();
                if (after > from) {
                    long latest = feed.latestPosition();
                    if (after > latest) {
                        throw new InvalidInputException("last_event_id",
                                "must not be after the newest event position, " + latest);
                    }
                }
            }
            Follower follower = new Follower(query.campaign(), after, from);
            followers.add(follower);
            return follower;
        }
    }

    /** How many follow right now. */
    public int followers() {
        synchronized (lock) {
            return followers.size();
        }
    }

    /** Ends every follower ({@link EndReason#SHUT_DOWN}) and stops hearing from the feed. Closing twice does nothing. */
    @Override
    public void close() {
        List<Follower> ended;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
            ended = new ArrayList<>(followers);
            followers.clear();
        }
        for (Follower f : ended) {
            f.end(EndReason.SHUT_DOWN);
        }
    }

    /** The feed says events up to {@code newest} can be read: hand out what is new to every follower. */
    private void announced(long newest) {
        List<Follower> fellBehind = new ArrayList<>();
        try {
            synchronized (lock) {
                if (closed || newest <= handedOut) {
                    return;
                }
                if (followers.isEmpty()) {
                    // Everything up to newest is committed; a follower that comes later starts after it, and replays
                    // from the store what it asks to resume.
                    handedOut = newest;
                    return;
                }
                handOutAfter(handedOut, fellBehind);
            }
        } finally {
            for (Follower f : fellBehind) {
                f.runEndedAction();
            }
        }
    }

    private void handOutAfter(long position, List<Follower> fellBehind) {
        long after = position;
        while (true) {
            List<FeedEvent> page = feed.readAfter(after, Long.MAX_VALUE, null, READ_PAGE);
            for (FeedEvent e : page) {
                for (int i = followers.size() - 1; i >= 0; i--) {
                    Follower f = followers.get(i);
                    if (!f.offer(e)) {
                        followers.remove(i);
                        fellBehind.add(f);
                    }
                }
                after = e.position();
                handedOut = after;
            }
            if (page.size() < READ_PAGE) {
                return;
            }
        }
    }

    private void forget(Follower follower) {
        synchronized (lock) {
            followers.remove(follower);
        }
    }

    private void requireExisting(CampaignId campaign) {
        if (campaign != null && catalog.find(campaign).isEmpty()) {
            throw new CampaignNotFoundException(campaign);
        }
    }

    /** One follower: its buffer, filled by the reader, and its replay, read by its own thread. */
    private final class Follower implements Follow {
        private final CampaignId campaign;
        /** Replay reads up to here; the buffer receives what comes after. */
        private final long replayUpTo;
        /** Read by the follower's thread only. */
        private final ArrayDeque<FeedEvent> replay = new ArrayDeque<>();
        private boolean replaying;
        /** The position of the last event delivered; read and written by the follower's thread only. */
        private long delivered;

        /** Guarded by this follower's monitor, as is everything below. */
        private final ArrayDeque<FeedEvent> buffer = new ArrayDeque<>();
        private EndReason ended;
        private boolean closed;
        private Consumer<EndReason> endedAction;
        private boolean endedActionRan;

        Follower(CampaignId campaign, long after, long replayUpTo) {
            this.campaign = campaign;
            this.delivered = after;
            this.replayUpTo = replayUpTo;
            this.replaying = after < replayUpTo;
        }

        /** Called by the reader; never waits. False when the buffer is full: the follower has fallen behind. */
        boolean offer(FeedEvent e) {
            if (campaign != null && !campaign.equals(e.campaignId())) {
                return true;
            }
            synchronized (this) {
                if (ended != null || closed) {
                    return true;
                }
                if (buffer.size() >= followerBuffer) {
                    ended = EndReason.FELL_BEHIND;
                    buffer.clear();
                    notifyAll();
                    return false;
                }
                buffer.addLast(e);
                notifyAll();
                return true;
            }
        }

        void end(EndReason reason) {
            synchronized (this) {
                if (ended == null) {
                    ended = reason;
                }
                buffer.clear();
                notifyAll();
            }
            runEndedAction();
        }

        void runEndedAction() {
            Consumer<EndReason> action;
            EndReason reason;
            synchronized (this) {
                if (ended == null || endedActionRan || endedAction == null) {
                    return;
                }
                endedActionRan = true;
                action = endedAction;
                reason = ended;
            }
            action.accept(reason);
        }

        @Override
        public void onEnded(Consumer<EndReason> action) {
            synchronized (this) {
                endedAction = action;
            }
            runEndedAction();
        }

        @Override
        public Step next(Duration maxWait) throws InterruptedException {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("this follower is closed");
                }
                if (ended != null) {
                    return new Ended(ended);
                }
            }
            if (replaying) {
                if (replay.isEmpty()) {
                    replay.addAll(feed.readAfter(delivered, replayUpTo, campaign, READ_PAGE));
                    replaying = !replay.isEmpty();
                }
                FeedEvent e = replay.pollFirst();
                if (e != null) {
                    delivered = e.position();
                    return new Delivered(e);
                }
            }
            long deadline = System.nanoTime() + maxWait.toNanos();
            synchronized (this) {
                while (true) {
                    if (ended != null) {
                        return new Ended(ended);
                    }
                    FeedEvent e = buffer.pollFirst();
                    if (e != null) {
                        if (e.position() <= delivered) {
                            continue;
                        }
                        delivered = e.position();
                        return new Delivered(e);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Step.IDLE;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        @Override
        public void close() {
            forget(this);
            synchronized (this) {
                closed = true;
                buffer.clear();
                endedActionRan = true;
            }
        }
    }
}
