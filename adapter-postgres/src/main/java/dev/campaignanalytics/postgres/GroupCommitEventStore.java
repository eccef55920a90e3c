package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers concurrent appends into group commits on {@link GroupCommit#writers() writer threads}. Each caller waits
 * for its group's outcome: when {@link #append} returns, its events are committed; {@link #appendAsync} returns at
 * once, and its stage completes (on the writer thread) when the group is committed. When the database is unavailable,
 * every append of the group fails with {@link StoreUnavailableException} and none of its events is stored; when it
 * refuses the group for its content, each append of the group is retried in a transaction of its own, so that only
 * the append that carries the offending event fails. Groups of different writers are stored at the same time; the
 * store they write to keeps positions in commit order (see FeedPositions).
 *
 * <p>The first writer takes whatever is queued. The others help only while a backlog of at least
 * {@value #BACKLOG_EVENTS} events (or a full group, if smaller) waits: a short queue, such as single events arriving
 * one by one, stays one group with one commit instead of being split into more, smaller transactions.
 */
final class GroupCommitEventStore implements EventStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitEventStore.class);
    /** The backlog, in waiting events, at which writers other than the first help. */
    static final int BACKLOG_EVENTS = 1_000;

    private final EventStore store;
    private final GroupCommit settings;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    /** Events in the queue that no writer has taken yet. */
    private final AtomicInteger waitingEvents = new AtomicInteger();
    /** Released when an append leaves a backlog waiting, to wake a helping writer. */
    private final Semaphore backlog = new Semaphore(0);
    private final int backlogEvents;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closing;

    GroupCommitEventStore(EventStore store, GroupCommit settings) {
        this.store = store;
        this.settings = settings;
        this.backlogEvents = Math.min(BACKLOG_EVENTS, settings.maxEvents());
        for (int i = 0; i < settings.writers(); i++) {
            boolean helps = i > 0;
            Thread writer = new Thread(() -> run(helps),
                    settings.writers() == 1 ? "group-commit" : "group-commit-" + (i + 1));
            writer.setDaemon(true);
            writers.add(writer);
        }
        writers.forEach(Thread::start);
    }

    private record Request(List<NewEvent> events, CompletableFuture<List<AppendOutcome>> outcome) {
    }

    @Override
    public List<AppendOutcome> append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        CompletableFuture<List<AppendOutcome>> outcome = enqueue(events);
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreUnavailableException unavailable) {
                throw new StoreUnavailableException(unavailable.getMessage(), unavailable);
            }
            throw new StoreUnavailableException("storing events failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The group may still commit; the caller must treat the outcome as unknown and retry with its ids.
            throw new StoreUnavailableException("interrupted while waiting for the commit", e);
        }
    }

    /**
     * Queues the events for the next group and returns at once: the stage completes on the writer thread that commits
     * the group, so what depends on it must be quick (see {@link EventStore#appendAsync}). A full queue or a store
     * that is closing fails the stage at once.
     */
    @Override
    public CompletionStage<List<AppendOutcome>> appendAsync(List<NewEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        try {
            return enqueue(events).minimalCompletionStage();
        } catch (StoreUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The request of these events, queued for a writer.
     *
     * @throws StoreUnavailableException when the store is closing or the queue is full
     */
    private CompletableFuture<List<AppendOutcome>> enqueue(List<NewEvent> events) {
        if (closing) {
            throw new StoreUnavailableException("the event store is shutting down", null);
        }
        if (queuedEvents.addAndGet(events.size()) > settings.queueCapacity()
                && queuedEvents.get() != events.size()) {
            queuedEvents.addAndGet(-events.size());
            throw new StoreUnavailableException("the write queue is full", null);
        }
        Request request = new Request(List.copyOf(events), new CompletableFuture<>());
        boolean backlogged = waitingEvents.addAndGet(events.size()) >= backlogEvents;
        queue.add(request);
        if (backlogged) {
            backlog.release();
        }
        return request.outcome();
    }

    /**
     * One writer: a request taken from the queue that did not fit its group leads its next group. A writer that
     * {@code helps} takes a group only while a backlog waits.
     */
    private void run(boolean helps) {
        Request[] carried = new Request[1];
        while (true) {
            Request first = carried[0];
            carried[0] = null;
            if (first == null) {
                try {
                    if (helps && waitingEvents.get() < backlogEvents) {
                        backlog.tryAcquire(100, TimeUnit.MILLISECONDS);
                        if (closing && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    first = taken(helps ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failQueued();
                    return;
                }
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            commit(gather(first, carried));
        }
    }

    /**
     * The first request and those that follow it, up to the group's size and wait limits. A request that would
     * overflow the group is carried over to lead the next one.
     */
    private List<Request> gather(Request first, Request[] carried) {
        List<Request> group = new ArrayList<>();
        group.add(first);
        int events = first.events().size();
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (events < settings.maxEvents()) {
            Request next = taken(queue.poll());
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    next = taken(queue.poll(left, TimeUnit.NANOSECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    break;
                }
            }
            if (events + next.events().size() > settings.maxEvents()) {
                carried[0] = next;
                break;
            }
            group.add(next);
            events += next.events().size();
        }
        return group;
    }

    private void commit(List<Request> group) {
        int events = 0;
        for (Request r : group) {
            events += r.events().size();
        }
        try {
            store(group);
        } finally {
            queuedEvents.addAndGet(-events);
        }
    }

    /**
     * Stores the group in one transaction. When the group fails for something other than the database being
     * unavailable (a constraint or data error that validation did not foresee, or a fault of ours), each request of the group is tried
     * again in its own transaction, so that the one request that carries the offending event fails alone and the
     * others are stored. When the database is unavailable, every request of the group fails at once.
     */
    private void store(List<Request> group) {
        List<NewEvent> all = new ArrayList<>();
        for (Request r : group) {
            all.addAll(r.events());
        }
        List<AppendOutcome> outcomes;
        try {
            outcomes = store.append(all);
        } catch (RuntimeException e) {
            boolean refused = !(e instanceof StoreUnavailableException) || refusedForContent(e);
            if (group.size() > 1 && refused) {
                LOG.warn("a group of {} events from {} requests failed to commit; storing each request on its own",
                        all.size(), group.size(), e);
                group.forEach(r -> store(List.of(r)));
            } else {
                if (refused) {
                    LOG.error("a request of {} events failed to commit", all.size(), e);
                }
                StoreUnavailableException failure = e instanceof StoreUnavailableException unavailable ? unavailable
                        : new StoreUnavailableException("storing events failed", e);
                group.forEach(r -> r.outcome().completeExceptionally(failure));
            }
            return;
        }
        int from = 0;
        for (Request r : group) {
            int to = from + r.events().size();
            r.outcome().complete(List.copyOf(outcomes.subList(from, to)));
            from = to;
        }
    }

    /**
     * Whether the database answered and refused the work (a data, constraint or other statement error), as opposed
     * to being unreachable, shutting down or out of resources (SQLSTATE classes 08, 57, 53 and 58, or no SQLSTATE at
     * all), where trying the requests one by one would only multiply the wait.
     */
    static boolean refusedForContent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state != null && state.length() == 5 && !state.startsWith("08") && !state.startsWith("57")
                        && !state.startsWith("53") && !state.startsWith("58");
            }
        }
        return false;
    }

    /** A request just taken from the queue (or none): its events no longer wait. */
    private Request taken(Request r) {
        if (r != null) {
            waitingEvents.addAndGet(-r.events().size());
        }
        return r;
    }

    private void failQueued() {
        Request r;
        while ((r = taken(queue.poll())) != null) {
            queuedEvents.addAndGet(-r.events().size());
            r.outcome().completeExceptionally(new StoreUnavailableException("the event store stopped", null));
        }
    }

    /** Stops taking appends, commits what is queued, and stops the writer. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (Thread writer : writers) {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
