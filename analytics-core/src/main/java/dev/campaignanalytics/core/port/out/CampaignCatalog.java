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
    /**
     * Keeps a new campaign.
     *
     * @param campaign the campaign to keep, with an id not used before
     */
    void add(Campaign campaign);

    /**
     * The campaign with this id, or empty when there is none.
     *
     * @param id the campaign's id
     * @return the campaign, or empty when no campaign has that id
     */
    Optional<Campaign> find(CampaignId id);

    /**
     * The campaigns among {@code ids} that exist, by id; absent ids are simply missing from the map.
     *
     * @param ids the ids to look up
     * @return the campaigns found, keyed by id
     */
    Map<CampaignId, Campaign> findAll(Collection<CampaignId> ids);

    /**
     * The campaign with this id for a read that shows it beside its numbers (a report), or empty when there is none.
     * An implementation may answer from memory: a change made through this same catalog shows at once, a change made
     * elsewhere (another server on the same database) within a bounded time that the implementation documents.
     * Management reads use {@link #find(CampaignId)}, which is always current.
     *
     * @param id the campaign's id
     * @return the campaign, or empty when no campaign has that id
     */
    default Optional<Campaign> findForReport(CampaignId id) {
        return find(id);
    }

    /**
     * Like {@link #findAll(Collection)}, possibly answered from memory as {@link #findForReport(CampaignId)} is.
     *
     * @param ids the ids to look up
     * @return the campaigns found, keyed by id
     */
    default Map<CampaignId, Campaign> findAllForReport(Collection<CampaignId> ids) {
        return findAll(ids);
    }

    /**
     * The ids among {@code ids} of campaigns that exist. Campaigns are never deleted, so an implementation may
     * remember the ids it has once found and answer from memory.
     *
     * @param ids the ids to check
     * @return the ids that name an existing campaign
     */
    default Set<CampaignId> existing(Collection<CampaignId> ids) {
        return findAll(ids).keySet();
    }

    /**
     * Replaces a kept campaign's fields. Returns false when no campaign has that id.
     *
     * @param campaign the campaign with its new fields, found by its id
     * @return true when a campaign was updated, false when none has that id
     */
    boolean update(Campaign campaign);

    /**
     * One page of the matching campaigns, newest first (by creation time, then id).
     *
     * @param listing the optional active and name filters, the limit and the offset
     * @return the page asked for and the total number of matching campaigns
     */
    Page<Campaign> list(CampaignListing listing);
}
