package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;

/**
 * The counts of one campaign in one slice of a {@link CountQuery}.
 *
 * @param campaign       the campaign whose events were counted
 * @param slice          the index of the slice, from 0
 * @param dimensionValue the value of the grouped dimension; {@code null} for events without one, or when the query
 *                       was not grouped
 * @param counts         the events of that campaign, slice and value, by type
 */
public record SliceCount(CampaignId campaign, int slice, String dimensionValue, Counts counts) {
}
