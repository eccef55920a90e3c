package dev.campaignanalytics.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Answers a request once a stage completes, without holding a request thread while it is pending: the request
 * thread returns to the server's pool, and the answer is written later on a thread of that same pool.
 *
 * <p>The answer is never written on the thread that completed the stage. For tracking, that thread commits a group
 * of many requests: serialising an answer or writing to a slow client there would hold back every later group.
 * Javalin resumes a request on the thread that completes the future given to {@code ctx.future}, so the completion
 * is handed to the servlet container ({@link AsyncContext#start}) first. A stage that is complete already (a
 * refusal, a store that answers synchronously) is answered on the request thread, as a synchronous route is.
 *
 * <p>A failed stage reaches {@link ErrorMapping} with the exception it failed with, as if the route had thrown it
 * ({@link CompletionException} and {@link ExecutionException} wrappers removed). The request id of
 * {@link RequestObservation} is in the logging MDC while the answer is made.
 */
final class AsyncAnswer {
    private AsyncAnswer() {
    }

    /** What to answer with the value of a stage; it may throw, as a route may, to answer with an error. */
    @FunctionalInterface
    interface Answer<T> {
        void answer(T value);
    }

    /**
     * Answers {@code ctx} with {@code answer} once {@code pending} completes, or with the error mapping of its
     * failure.
     */
    static <T> void when(Context ctx, CompletionStage<T> pending, Answer<T> answer) {
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
                    return;
                }
                try {
                    async.start(finish);
                } catch (RuntimeException stopping) {
                    // the server's pool takes no more work (it is stopping): answer here rather than never
                    finish.run();
                }
            });
            if (!answered.isDone()) {
                // the request thread goes back to the pool; the answer's thread puts the id back when it runs
                RequestObservation.leaveThread();
            }
            return answered;
        });
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
