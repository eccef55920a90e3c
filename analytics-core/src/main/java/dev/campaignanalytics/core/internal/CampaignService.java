package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.out.CampaignCatalog;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Campaign management on a {@link CampaignCatalog}. Times are taken from the clock, to the microsecond. */
public final class CampaignService implements ManageCampaignsUseCase {
    private final CampaignCatalog catalog;
    private final Clock clock;

    public CampaignService(CampaignCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public Campaign create(CreateCampaignCommand command) {
        Instant now = now();
        Campaign campaign = new Campaign(CampaignId.random(), command.name(), command.templateType(),
                command.active() == null || command.active(), now, now);
        catalog.add(campaign);
        return campaign;
    }

    @Override
    public Campaign get(CampaignId id) {
        return catalog.find(id).orElseThrow(() -> new CampaignNotFoundException(id));
    }

    @Override
    public Campaign update(UpdateCampaignCommand command) {
        Campaign current = get(command.id());
        Instant now = now();
        Campaign changed = new Campaign(current.id(),
                command.name() != null ? command.name() : current.name(),
                command.templateType() != null ? command.templateType().orElse(null) : current.templateType(),
                command.active() != null ? command.active() : current.active(),
                current.createdAt(),
                now.isAfter(current.updatedAt()) ? now : current.updatedAt().plus(1, ChronoUnit.MICROS));
        if (!catalog.update(changed)) {
            throw new CampaignNotFoundException(command.id());
        }
        return changed;
    }

    @Override
    public Page<Campaign> list(CampaignListing listing) {
        return catalog.list(listing);
    }

    /** PostgreSQL keeps microseconds, so times are cut to them here to read back equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
