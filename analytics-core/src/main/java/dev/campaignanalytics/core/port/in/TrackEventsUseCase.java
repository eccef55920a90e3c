package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.Violation;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Takes events in and stores them exactly once. */
public interface TrackEventsUseCase {

    /**
     * Checks each event against the tracking rules, then stores every valid one together in one transaction. An
     * event that breaks a rule is rejected alone; it does not stop the others. When this returns, every accepted
     * event is committed.
     *
     * @param command the events and where they come from
     * @return one outcome per event, in the order given
     * @throws dev.campaignanalytics.core.port.out.StoreUnavailableException when storing fails; then nothing of the
     *                                                                        command was stored
     */
    TrackResult track(TrackCommand command);

    /**
     * Like {@link #track}, without making the caller wait for the commit: the rules are checked before this returns,
     * and the stage completes once every accepted event is committed, with one outcome per event in the order given.
     * When storing fails, the stage fails with a
     * {@link dev.campaignanalytics.core.port.out.StoreUnavailableException} and nothing of the command was stored.
     * Any other failure is reported through the stage too.
     *
     * <p>The stage may complete on a thread of the store that commits for many callers: what depends on it should be
     * quick, and hand slow work (writing to a client) to a thread of its own. This default tracks synchronously on the
     * calling thread and returns a completed stage.
     *
     * @param command the events and where they come from
     * @return one outcome per event, in the order given, once the accepted ones are committed; or a failed stage
     */
    default CompletionStage<TrackResult> trackAsync(TrackCommand command) {
        try {
            return CompletableFuture.completedFuture(track(command));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Where events come from, which decides how old they may be. */
    enum Source {
        /** Live tracking: {@code occurred_at} must lie within the configured window around now. */
        LIVE,
        /** A backfill of history: {@code occurred_at} may lie any time in the past, but not in the future. */
        IMPORT
    }

    /**
     * Events to track, all from one source.
     *
     * @param events the events, in the order their outcomes are reported
     * @param source live tracking or an import, which decides how old an event may be
     */
    record TrackCommand(List<TrackedEvent> events, Source source) {
        /**
         * Takes an unmodifiable copy of the events.
         *
         * @param events the events, in the order their outcomes are reported
         * @param source live tracking or an import, which decides how old an event may be
         */
        public TrackCommand {
            events = List.copyOf(events);
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * The outcome of each event of a command, in the order given.
     *
     * @param outcomes one per event of the command, in its order
     */
    record TrackResult(List<EventOutcome> outcomes) {
        /**
         * Takes an unmodifiable copy of the outcomes.
         *
         * @param outcomes one per event of the command, in its order
         */
        public TrackResult {
            outcomes = List.copyOf(outcomes);
        }

        /** {@return how many events were stored now (not counting duplicates)} */
        public long accepted() {
            return outcomes.stream().filter(o -> o instanceof Accepted a && !a.duplicate()).count();
        }

        /** {@return how many events had been stored before, with the same client event id} */
        public long duplicates() {
            return outcomes.stream().filter(o -> o instanceof Accepted a && a.duplicate()).count();
        }

        /** {@return how many events were refused} */
        public long rejected() {
            return outcomes.stream().filter(o -> o instanceof Rejected).count();
        }

        /**
         * Hands each refused event's violations to {@code action} with the event's index in the command.
         *
         * @param action called once per refused event, in the command's order
         */
        public void forEachRejected(BiConsumer<Integer, List<Violation>> action) {
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof Rejected r) {
                    action.accept(i, r.violations());
                }
            }
        }
    }

    /** What happened to one event. */
    sealed interface EventOutcome permits Accepted, Rejected {
    }

    /**
     * The event is stored.
     *
     * @param id        the server id; for a duplicate, the id of the event stored first
     * @param duplicate whether the event had been stored before, so that this one stored nothing
     */
    record Accepted(EventId id, boolean duplicate) implements EventOutcome {
    }

    /**
     * The event broke a rule and was not stored.
     *
     * @param violations the rules the event broke, each naming its field
     * @param campaignNotFound whether the reason is that its campaign does not exist
     */
    record Rejected(List<Violation> violations, boolean campaignNotFound) implements EventOutcome {
        /**
         * Takes an unmodifiable copy of the violations.
         *
         * @param violations the rules the event broke, each naming its field
         * @param campaignNotFound whether the reason is that its campaign does not exist
         */
        public Rejected {
            violations = List.copyOf(violations);
        }
    }
}
