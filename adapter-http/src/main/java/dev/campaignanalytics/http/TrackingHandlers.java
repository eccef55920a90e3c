package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Accepted;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.EventOutcome;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Rejected;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;
import dev.campaignanalytics.http.Envelope.FieldError;
import dev.campaignanalytics.http.Envelope.Success;
import dev.campaignanalytics.http.EventParser.Parsed;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The public live-tracking routes. They answer only after the core has committed what they accepted, so a 2xx
 * means the events are stored; a replayed {@code event_id} is answered as a success naming the event stored first.
 * While the commit is pending no request thread waits for it: the answer is written when the commit completes.
 */
final class TrackingHandlers {
    private final TrackEventsUseCase tracking;
    private final EventParser parser;
    private final RequestBodies bodies;
    private final HttpSettings settings;
    private final Clock clock;
    private final EventCounter counter;
    private final AsyncAnswer answers;

    TrackingHandlers(TrackEventsUseCase tracking, EventParser parser, RequestBodies bodies, HttpSettings settings,
                     Clock clock, EventCounter events, AsyncAnswer answers) {
        this.tracking = tracking;
        this.parser = parser;
        this.bodies = bodies;
        this.settings = settings;
        this.clock = clock;
        this.counter = events;
        this.answers = answers;
    }

    /**
     * The answer to one tracked event.
     *
     * @param eventId   the server's id of the stored event; for a replay, the id of the event stored first
     * @param duplicate {@code true} when the event had been tracked before and nothing new was stored; absent
     *                  otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrackedView(boolean success, String eventId, Boolean duplicate, String message) {
        static TrackedView of(Accepted a) {
            return a.duplicate()
                    ? new TrackedView(true, a.id().toString(), true, "Event was already tracked")
                    : new TrackedView(true, a.id().toString(), null, "Event tracked successfully");
        }
    }

    /**
     * The answer to a batch.
     *
     * @param accepted   events newly stored
     * @param duplicates events stored before (by {@code event_id}), so stored nothing new
     * @param rejected   the events refused, by their index in the batch, with every rule each broke
     * @param eventIds   the server event id of each event of the batch, by index; {@code null} for a refused one
     */
    record BatchView(long accepted, long duplicates, List<BatchRejection> rejected, List<String> eventIds) {
    }

    /** One refused event of a batch, by its 0-based index. */
    record BatchRejection(int index, List<FieldError> errors) {
    }

    /**
     * {@code POST /track-event}: one event. Any refusal of the client's request counts as one rejected event. The body
     * is read and checked on the request thread; the answer is written once the event is committed, without holding
     * the request thread meanwhile (see {@link AsyncAnswer}).
     */
    void trackOne(Context ctx) {
        TrackedEvent event;
        try {
            event = eventOf(ctx);
        } catch (InvalidInputException | RequestRejected e) {
            counter.count(EventCounter.TRACK_EVENT, 0, 0, 1);
            throw e;
        }
        answers.when(ctx, tracking.trackAsync(new TrackCommand(List.of(event), Source.LIVE)), result -> {
            EventOutcome outcome = result.outcomes().get(0);
            if (outcome instanceof Rejected r) {
                counter.count(EventCounter.TRACK_EVENT, 0, 0, 1);
                if (r.campaignNotFound()) {
                    throw new CampaignNotFoundException(event.campaignId());
                }
                throw new InvalidInputException(r.violations());
            }
            Accepted accepted = (Accepted) outcome;
            counter.count(EventCounter.TRACK_EVENT, accepted.duplicate() ? 0 : 1, accepted.duplicate() ? 1 : 0, 0);
            ctx.json(Success.of(TrackedView.of(accepted)));
        });
    }

    private TrackedEvent eventOf(Context ctx) {
        JsonNode body = bodies.readJson(ctx, settings.maxTrackingBodyBytes());
        if (!body.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        Parsed parsed = parser.parse(body, RequestOrigin.of(ctx, settings.trustProxy()), clock.instant());
        if (!parsed.isValid()) {
            throw new InvalidInputException(parsed.violations());
        }
        return parsed.event();
    }

    /**
     * {@code POST /track-events}: {@code {"events": [...]}}. Each event is judged alone: the valid ones are stored
     * together in one transaction, the others are listed as rejected. Only a body that cannot be read as a batch at
     * all is refused as a whole, and then nothing is stored. As for one event, the answer is written once the batch
     * is committed, without holding the request thread meanwhile.
     */
    void trackMany(Context ctx) {
        JsonNode body = bodies.readJson(ctx, settings.maxTrackingBodyBytes());
        JsonNode events = eventsOf(body);
        RequestOrigin origin = RequestOrigin.of(ctx, settings.trustProxy());
        Instant now = clock.instant();

        EventOutcome[] outcomes = new EventOutcome[events.size()];
        List<TrackedEvent> valid = new ArrayList<>(events.size());
        List<Integer> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Parsed parsed = parser.parse(events.get(i), origin, now);
            if (parsed.isValid()) {
                valid.add(parsed.event());
                positions.add(i);
            } else {
                outcomes[i] = new Rejected(parsed.violations(), false);
            }
        }
        CompletionStage<TrackResult> tracked = valid.isEmpty()
                ? CompletableFuture.completedFuture(new TrackResult(List.of()))
                : tracking.trackAsync(new TrackCommand(valid, Source.LIVE));
        // a batch's answer lists an id per event: tens of kilobytes, written on a task of its own
        answers.whenLarge(ctx, tracked, stored -> {
            for (int k = 0; k < stored.outcomes().size(); k++) {
                outcomes[positions.get(k)] = stored.outcomes().get(k);
            }
            TrackResult result = new TrackResult(Arrays.asList(outcomes));
            counter.count(EventCounter.TRACK_EVENTS, result.accepted(), result.duplicates(), result.rejected());
            ctx.json(Success.of(batchView(result)));
        });
    }

    private JsonNode eventsOf(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "body");
        JsonNode events = fields.node("events");
        // The batch's own object is strict too: {"events": […], "evnets": […]} must not pass as a batch.
        fields.rejectUnknownFields();
        fields.throwIfInvalid();
        if (events == null) {
            throw new InvalidInputException("events", "is required");
        }
        if (!events.isArray()) {
            throw new InvalidInputException("events", "must be a JSON array");
        }
        if (events.isEmpty()) {
            throw new InvalidInputException("events", "must hold at least 1 event");
        }
        if (events.size() > settings.maxBatchEvents()) {
            throw new InvalidInputException("events", "must hold at most " + settings.maxBatchEvents() + " events");
        }
        return events;
    }

    private static BatchView batchView(TrackResult result) {
        List<BatchRejection> rejected = new ArrayList<>();
        List<String> ids = new ArrayList<>(result.outcomes().size());
        for (int i = 0; i < result.outcomes().size(); i++) {
            EventOutcome o = result.outcomes().get(i);
            if (o instanceof Accepted a) {
                ids.add(a.id().toString());
            } else {
                ids.add(null);
                rejected.add(new BatchRejection(i, FieldError.of(((Rejected) o).violations())));
            }
        }
        return new BatchView(result.accepted(), result.duplicates(), rejected, ids);
    }
}
