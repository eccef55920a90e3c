package dev.campaignanalytics.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers requests once a stage completes, without holding a request thread while it is pending: the request thread
 * returns to the server's pool, and the answer is written later on a thread of that same pool.
 *
 * <p>The answer is never written on the thread that completed the stage. For tracking, that thread commits a group
 * of many requests: serialising an answer or writing to a slow client there would hold back every later group.
 * Javalin resumes a request on the thread that completes the future given to {@code ctx.future}, so completions are
 * handed to the server's pool first. A stage that is complete already (a refusal, a store that answers
 * synchronously) is answered on the request thread, as a synchronous route is.
 *
 * <p>A group commit completes many stages at once. Their answers are queued, and a pool task writes up to
 * {@value #ANSWERS_PER_TASK} of them, so that the pool wakes a thread per few answers rather than per answer; while
 * more wait, another task starts beside it. An answer that may be large (a batch's, {@link #whenLarge}) is written on
 * a task of its own instead: a client that does not read it blocks only its own write, until it reads or until the
 * connection's idle timeout (Jetty's 30 s) fails the write. A small answer (a single event's, a few hundred bytes)
 * goes into the socket's buffer at once; it could block only if its client left hundreds of earlier answers on the
 * same connection unread, and then it delays at most the few answers taken with it, never the queue.
 *
 * <p>A failed stage reaches {@link ErrorMapping} with the exception it failed with, as if the route had thrown it
 * ({@link CompletionException} and {@link ExecutionException} wrappers removed). The request id of
 * {@link RequestObservation} is in the logging MDC while the answer is made.
 */
final class AsyncAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncAnswer.class);
    /** The most answers one pool task writes. */
    static final int ANSWERS_PER_TASK = 8;

    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** Whether a task that will take from {@link #waiting} is scheduled and has not started taking yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Executor pool;

    /** What to answer with the value of a stage; it may throw, as a route may, to answer with an error. */
    @FunctionalInterface
    interface Answer<T> {
        void answer(T value);
    }

    /** The server's thread pool, once the server exists; until then each answer is handed to its own request. */
    void runOn(Executor serverPool) {
        this.pool = serverPool;
    }

    /**
     * Answers {@code ctx} with {@code answer} once {@code pending} completes, or with the error mapping of its
     * failure.
     */
    <T> void when(Context ctx, CompletionStage<T> pending, Answer<T> answer) {
        when(ctx, pending, answer, false);
    }

    /**
     * As {@link #when}, for an answer that may be larger than the socket's buffers: it is written on a pool task of
     * its own, so that a client slow to read it delays no other answer.
     */
    <T> void whenLarge(Context ctx, CompletionStage<T> pending, Answer<T> answer) {
        when(ctx, pending, answer, true);
    }

    private <T> void when(Context ctx, CompletionStage<T> pending, Answer<T> answer, boolean alone) {
        ctx.future(() -> {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            Thread requestThread = Thread.currentThread();
            AsyncContext async = ctx.req().getAsyncContext();
            String requestId = RequestObservation.requestIdOf(ctx);
            pending.whenComplete((value, failure) -> {
                Runnable finish = () -> RequestObservation.withRequestId(requestId,
                        () -> finish(answered, value, failure, answer));
                if (Thread.currentThread() == requestThread) {
                    finish.run();
                } else if (alone) {
                    schedule(finish, async);
                } else {
                    hand(finish, async);
                }
            });
            if (!answered.isDone()) {
                // the request thread goes back to the pool; the answer's thread puts the id back when it runs
                RequestObservation.leaveThread();
            }
            return answered;
        });
    }

    /** Queues an answer for the pool; starts a task to take it unless one is about to. */
    private void hand(Runnable finish, AsyncContext async) {
        waiting.add(finish);
        if (scheduled.compareAndSet(false, true)) {
            schedule(this::answerSome, async);
        }
    }

    private void schedule(Runnable task, AsyncContext async) {
        Executor serverPool = pool;
        try {
            if (serverPool != null) {
                serverPool.execute(task);
            } else if (async != null) {
                async.start(task);
            } else {
                task.run();
            }
        } catch (RuntimeException stopping) {
            // the server's pool takes no more work (it is stopping): answer here rather than never
            task.run();
        }
    }

    /**
     * Takes up to {@value #ANSWERS_PER_TASK} waiting answers, starts another task if more wait, then writes its own.
     */
    private void answerSome() {
        scheduled.set(false);
        List<Runnable> mine = new ArrayList<>(ANSWERS_PER_TASK);
        Runnable next;
        while (mine.size() < ANSWERS_PER_TASK && (next = waiting.poll()) != null) {
            mine.add(next);
        }
        if (!waiting.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule(this::answerSome, null);
        }
        for (Runnable finish : mine) {
            try {
                finish.run();
            } catch (RuntimeException | Error e) {
                // Javalin writes and logs each answer itself; this keeps one fault from leaving the others unanswered
                LOG.error("Writing an answer failed", e);
            }
        }
    }

    private static <T> void finish(CompletableFuture<Void> answered, T value, Throwable failure, Answer<T> answer) {
        if (failure != null) {
            answered.completeExceptionally(unwrapped(failure));
            return;
        }
        try {
            answer.answer(value);
        } catch (RuntimeException | Error e) {
            answered.completeExceptionally(e);
            return;
        }
        answered.complete(null);
    }

    /** The failure itself, without the wrappers that stages put around it. */
    static Throwable unwrapped(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
