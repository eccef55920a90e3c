package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.Page;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A {@link CampaignCatalog} in a map, for tests. */
public final class InMemoryCampaignCatalog implements CampaignCatalog {
    private final Map<CampaignId, Campaign> campaigns = new LinkedHashMap<>();

    @Override
    public synchronized void add(Campaign campaign) {
        if (campaigns.putIfAbsent(campaign.id(), campaign) != null) {
            throw new IllegalStateException("campaign " + campaign.id() + " is already kept");
        }
    }

    @Override
    public synchronized Optional<Campaign> find(CampaignId id) {
        return Optional.ofNullable(campaigns.get(id));
    }

    @Override
    public synchronized Map<CampaignId, Campaign> findAll(Collection<CampaignId> ids) {
        Map<CampaignId, Campaign> found = new LinkedHashMap<>();
        for (CampaignId id : ids) {
            Campaign c = campaigns.get(id);
            if (c != null) {
                found.put(id, c);
            }
        }
        return found;
    }

    @Override
    public synchronized boolean update(Campaign campaign) {
        return campaigns.replace(campaign.id(), campaign) != null;
    }

    @Override
    public synchronized Page<Campaign> list(CampaignListing listing) {
        List<Campaign> matching = campaigns.values().stream()
                .filter(c -> listing.active() == null || c.active() == listing.active())
                .filter(c -> listing.nameContains() == null
                        || c.name().toLowerCase(Locale.ROOT).contains(listing.nameContains().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(Campaign::createdAt).reversed()
                        .thenComparing(c -> c.id().value()))
                .collect(Collectors.toList());
        List<Campaign> page = matching.stream().skip(listing.offset()).limit(listing.limit())
                .collect(Collectors.toList());
        return new Page<>(page, listing.offset(), listing.limit(), matching.size());
    }
}
