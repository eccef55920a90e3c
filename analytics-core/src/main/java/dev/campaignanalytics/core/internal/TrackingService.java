package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Tracking on an {@link EventStore}: checks the tracking rules, then stores the valid events in one append. */
public final class TrackingService implements TrackEventsUseCase {
    private final CampaignCatalog catalog;
    private final EventStore store;
    private final Clock clock;
    private final TrackingPolicy policy;

    public TrackingService(CampaignCatalog catalog, EventStore store, Clock clock, TrackingPolicy policy) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.policy = policy;
    }

    @Override
    public TrackResult track(TrackCommand command) {
        Checked checked = check(command);
        return checked.toStore().isEmpty() ? checked.result(List.of()) : checked.result(store.append(checked.toStore()));
    }

    /** Checks the rules on the calling thread; only the commit is waited for asynchronously. */
    @Override
    public CompletionStage<TrackResult> trackAsync(TrackCommand command) {
        Checked checked;
        try {
            checked = check(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (checked.toStore().isEmpty()) {
            return CompletableFuture.completedFuture(checked.result(List.of()));
        }
        CompletionStage<List<AppendOutcome>> stored;
        try {
            stored = store.appendAsync(checked.toStore());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return stored.thenApply(checked::result);
    }

    /**
     * The events of a command judged by the rules: the outcome of each refused one, and the accepted ones to store,
     * with their positions in the command.
     */
    private record Checked(EventOutcome[] outcomes, List<NewEvent> toStore, List<Integer> positions) {
        /** The outcome of the command, given the store's outcome of each event stored, in the order stored. */
        TrackResult result(List<AppendOutcome> stored) {
            EventOutcome[] all = outcomes.clone();
            for (int k = 0; k < stored.size(); k++) {
                AppendOutcome o = stored.get(k);
                all[positions.get(k)] = new Accepted(o.id(), o.duplicate());
            }
            return new TrackResult(Arrays.asList(all));
        }
    }

    private Checked check(TrackCommand command) {
        List<TrackedEvent> events = command.events();
        Instant now = clock.instant();
        Set<CampaignId> campaignIds = new LinkedHashSet<>();
        for (TrackedEvent e : events) {
            campaignIds.add(e.campaignId());
        }
        Set<CampaignId> known = campaignIds.isEmpty() ? Set.of() : catalog.existing(campaignIds);

        EventOutcome[] outcomes = new EventOutcome[events.size()];
        List<NewEvent> toStore = new ArrayList<>(events.size());
        List<Integer> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            TrackedEvent e = events.get(i);
            if (!known.contains(e.campaignId())) {
                outcomes[i] = new Rejected(List.of(new Violation("campaign_id", "campaign not found")), true);
                continue;
            }
            List<Violation> violations = checkTime(e.occurredAt(), now, command.source());
            if (!violations.isEmpty()) {
                outcomes[i] = new Rejected(violations, false);
                continue;
            }
            toStore.add(new NewEvent(EventIds.next(now), now, prepare(e)));
            positions.add(i);
        }
        return new Checked(outcomes, toStore, positions);
    }

    private List<Violation> checkTime(Instant occurredAt, Instant now, Source source) {
        if (occurredAt.isAfter(now.plus(policy.maxFuture()))) {
            return List.of(new Violation("occurred_at",
                    "must be at most " + describe(policy.maxFuture()) + " in the future"));
        }
        if (source == Source.LIVE && occurredAt.isBefore(now.minus(policy.maxPast()))) {
            return List.of(new Violation("occurred_at",
                    "must be at most " + describe(policy.maxPast()) + " in the past"));
        }
        return List.of();
    }

    private TrackedEvent prepare(TrackedEvent e) {
        if (!policy.anonymizeIp() || e.ipAddress() == null) {
            return e;
        }
        return new TrackedEvent(e.campaignId(), e.type(), e.occurredAt(), e.dimensions(), e.sessionId(), e.userId(),
                e.userAgent(), e.ipAddress().anonymized(), e.referrerUrl(), e.eventData(), e.clientEventId());
    }

    static String describe(Duration d) {
        long s = d.getSeconds();
        if (s % 3600 == 0) {
            return plural(s / 3600, "hour");
        }
        if (s % 60 == 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
