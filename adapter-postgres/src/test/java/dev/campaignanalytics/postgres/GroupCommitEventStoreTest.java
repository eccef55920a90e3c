package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitEventStoreTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Records each group it is asked to store; blocks the first one until released. Stores nothing, or hands each
     * group on to a real store.
     */
    static final class RecordingStore implements EventStore {
        final EventStore real;
        final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean fail;

        RecordingStore() {
            this(null);
        }

        RecordingStore(EventStore real) {
            this.real = real;
        }

        @Override
        public List<AppendOutcome> append(List<NewEvent> events) {
            groupSizes.add(events.size());
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail) {
                throw new StoreUnavailableException("database down", null);
            }
            if (real != null) {
                return real.append(events);
            }
            return events.stream().map(e -> new AppendOutcome(e.id(), false)).toList();
        }
    }

    private static List<NewEvent> events(int n) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(CampaignId.random(), EventType.VIEW, T));
        }
        return events;
    }

    @Test
    void appendsThatArriveDuringACommitAreStoredTogetherInTheNextAndEachGetsItsOwnOutcomes() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(1000, Duration.ZERO, 10_000));
        ExecutorService callers = Executors.newFixedThreadPool(11);
        try {
            List<NewEvent> first = events(1);
            Future<List<AppendOutcome>> leading = callers.submit(() -> store.append(first));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<List<NewEvent>> sent = new ArrayList<>();
            List<Future<List<AppendOutcome>>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                List<NewEvent> batch = events(3);
                sent.add(batch);
                waiting.add(callers.submit(() -> store.append(batch)));
            }
            Thread.sleep(300);
            inner.release.countDown();

            assertThat(leading.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactly(first.get(0).id());
            for (int i = 0; i < 10; i++) {
                assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                        .containsExactlyElementsOf(sent.get(i).stream().map(NewEvent::id).toList());
            }
            assertThat(inner.groupSizes).containsExactly(1, 30);
        } finally {
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void whenAGroupFailsEveryAppendInItFails() throws Exception {
        RecordingStore inner = new RecordingStore();
        inner.fail = true;
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(1000, Duration.ZERO, 10_000));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<AppendOutcome>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> store.append(events(2))));
            }
            Thread.sleep(200);
            inner.release.countDown();
            for (Future<List<AppendOutcome>> call : calls) {
                assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreUnavailableException.class);
            }
        } finally {
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void aFullQueueRefusesAtOnceInsteadOfWaiting() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(10, Duration.ZERO, 20));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            callers.submit(() -> store.append(events(10)));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            callers.submit(() -> store.append(events(10)));
            callers.submit(() -> store.append(events(10)));
            Thread.sleep(200);

            long started = System.nanoTime();
            assertThatThrownBy(() -> store.append(events(5))).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("queue is full");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        } finally {
            inner.release.countDown();
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void aGroupNeverExceedsItsSizeButALargerAppendGoesAloneAndWhole() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(10, Duration.ZERO, 1000));
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            callers.submit(() -> store.append(events(1)));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> store.append(events(4))));
            }
            Thread.sleep(100);
            calls.add(callers.submit(() -> store.append(events(25))));
            Thread.sleep(200);
            inner.release.countDown();
            for (Future<?> f : calls) {
                f.get(5, TimeUnit.SECONDS);
            }
            assertThat(inner.groupSizes.subList(1, inner.groupSizes.size())).allSatisfy(size ->
                    assertThat(size == 25 || size <= 10).isTrue()).contains(25);
            assertThat(inner.groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + 16 + 25);
        } finally {
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void aSecondWriterStoresABackloggedGroupWhileTheFirstIsStillStoringAndEachCallerGetsItsOwnOutcomes()
            throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner,
                new GroupCommit(10, Duration.ZERO, 10_000, 2));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<NewEvent> first = events(1);
            // a full group waits: a backlog
            List<NewEvent> second = events(10);
            Future<List<AppendOutcome>> a = callers.submit(() -> store.append(first));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Future<List<AppendOutcome>> b = callers.submit(() -> store.append(second));

            // The first group is still being stored when the second writer starts on the second.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (inner.groupSizes.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(inner.groupSizes).containsExactly(1, 10);
            assertThat(a.isDone() || b.isDone()).isFalse();
            inner.release.countDown();

            assertThat(a.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactlyElementsOf(first.stream().map(NewEvent::id).toList());
            assertThat(b.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactlyElementsOf(second.stream().map(NewEvent::id).toList());
        } finally {
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void aShortQueueStaysWithTheFirstWriterAsOneGroup() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner,
                new GroupCommit(1000, Duration.ZERO, 10_000, 2));
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            callers.submit(() -> store.append(events(1)));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<List<AppendOutcome>>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(callers.submit(() -> store.append(events(1))));
            }
            Thread.sleep(300);
            // five single events are no backlog: the second writer leaves them waiting for the first
            assertThat(inner.groupSizes).containsExactly(1);
            inner.release.countDown();

            for (Future<List<AppendOutcome>> f : waiting) {
                assertThat(f.get(5, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(inner.groupSizes).containsExactly(1, 5);
        } finally {
            callers.shutdownNow();
            store.close();
        }
    }

    @Test
    void anAsyncAppendReturnsAtOnceAndCompletesWithItsOwnOutcomesWhenItsGroupIsCommitted() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(1000, Duration.ZERO, 10_000));
        try {
            List<NewEvent> first = events(1);
            CompletableFuture<List<AppendOutcome>> leading = store.appendAsync(first).toCompletableFuture();
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<NewEvent> second = events(3);
            List<NewEvent> third = events(2);
            // the caller's thread is free at once: no other thread is needed to append
            CompletableFuture<List<AppendOutcome>> b = store.appendAsync(second).toCompletableFuture();
            CompletableFuture<List<AppendOutcome>> c = store.appendAsync(third).toCompletableFuture();
            Thread.sleep(200);
            assertThat(List.of(leading, b, c)).noneMatch(CompletableFuture::isDone);

            inner.release.countDown();

            assertThat(leading.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactly(first.get(0).id());
            assertThat(b.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactlyElementsOf(second.stream().map(NewEvent::id).toList());
            assertThat(c.get(5, TimeUnit.SECONDS)).extracting(AppendOutcome::id)
                    .containsExactlyElementsOf(third.stream().map(NewEvent::id).toList());
            assertThat(inner.groupSizes).containsExactly(1, 5);
        } finally {
            inner.release.countDown();
            store.close();
        }
    }

    @Test
    void whenAGroupFailsEveryAsyncAppendInItFailsWithStoreUnavailable() throws Exception {
        RecordingStore inner = new RecordingStore(events -> {
            throw new IllegalStateException("a fault of the store");
        });
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(1000, Duration.ZERO, 10_000));
        try {
            CompletableFuture<List<AppendOutcome>> a = store.appendAsync(events(2)).toCompletableFuture();
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<AppendOutcome>> b = store.appendAsync(events(2)).toCompletableFuture();
            inner.release.countDown();

            for (CompletableFuture<List<AppendOutcome>> f : List.of(a, b)) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreUnavailableException.class)
                        .hasRootCauseMessage("a fault of the store");
            }
        } finally {
            inner.release.countDown();
            store.close();
        }
    }

    @Test
    void aFullQueueOrAClosedStoreFailsAnAsyncAppendAtOnce() throws Exception {
        RecordingStore inner = new RecordingStore();
        GroupCommitEventStore store = new GroupCommitEventStore(inner, new GroupCommit(10, Duration.ZERO, 20));
        try {
            store.appendAsync(events(10));
            assertThat(inner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            store.appendAsync(events(10));
            store.appendAsync(events(10));

            CompletableFuture<List<AppendOutcome>> refused = store.appendAsync(events(5)).toCompletableFuture();

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("queue is full");
        } finally {
            inner.release.countDown();
            store.close();
        }
        CompletableFuture<List<AppendOutcome>> late = store.appendAsync(events(1)).toCompletableFuture();
        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::join).hasMessageContaining("shutting down");
    }

    @Test
    void aGroupCommitWithoutWritersIsRefused() {
        assertThatThrownBy(() -> new GroupCommit(10, Duration.ZERO, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
