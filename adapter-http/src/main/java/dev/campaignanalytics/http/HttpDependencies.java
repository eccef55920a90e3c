package dev.campaignanalytics.http;

import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase;
import dev.campaignanalytics.core.port.in.ExportUseCase;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.http.auth.AccessControl;

import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP API serves: the core's use cases, how to tell whether the database answers, who may use the admin
 * routes, and the clock that tells "now" to events that do not say when they happened.
 *
 * @param databaseUp whether the database answers right now; asked by {@code GET /health} on every call
 * @param exports    reports as CSV and Excel downloads
 */
public record HttpDependencies(ManageCampaignsUseCase campaigns, TrackEventsUseCase tracking,
                               CampaignReportUseCase reports, LiveFeedUseCase liveFeed, BooleanSupplier databaseUp,
                               AccessControl accessControl, Clock clock, ExportUseCase exports) {
    public HttpDependencies {
        Objects.requireNonNull(campaigns, "campaigns");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(liveFeed, "liveFeed");
        Objects.requireNonNull(databaseUp, "databaseUp");
        Objects.requireNonNull(accessControl, "accessControl");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(exports, "exports");
    }
}
