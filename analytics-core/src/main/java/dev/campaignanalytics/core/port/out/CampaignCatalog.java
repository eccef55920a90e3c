package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.Page;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where campaigns are kept. */
public interface CampaignCatalog {
    /** Keeps a new campaign. */
    void add(Campaign campaign);

    /** The campaign with this id, or empty when there is none. */
    Optional<Campaign> find(CampaignId id);

    /** The campaigns among {@code ids} that exist, by id; absent ids are simply missing from the map. */
    Map<CampaignId, Campaign> findAll(Collection<CampaignId> ids);

    /**
     * The ids among {@code ids} of campaigns that exist. Campaigns are never deleted, so an implementation may
     * remember the ids it has once found and answer from memory.
     */
    default Set<CampaignId> existing(Collection<CampaignId> ids) {
        return findAll(ids).keySet();
    }

    /** Replaces a kept campaign's fields. Returns false when no campaign has that id. */
    boolean update(Campaign campaign);

    /** One page of the matching campaigns, newest first (by creation time, then id). */
    Page<Campaign> list(CampaignListing listing);
}
