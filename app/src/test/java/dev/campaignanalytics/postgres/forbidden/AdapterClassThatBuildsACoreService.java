package dev.campaignanalytics.postgres.forbidden;

import dev.campaignanalytics.core.internal.CampaignService;
import dev.campaignanalytics.core.port.out.CampaignCatalog;

import java.time.Clock;

/** A deliberate offender: an adapter class that wires a core service itself. Only tests load it. */
public final class AdapterClassThatBuildsACoreService {
    public Object campaigns(CampaignCatalog catalog) {
        return new CampaignService(catalog, Clock.systemUTC());
    }
}
