package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.EventId;

/**
 * What storing one event did.
 *
 * @param id        the server id of the stored event: the new one, or for a duplicate the one stored first
 * @param duplicate whether an event with the same (campaign, client event id) was already stored, so nothing was
 *                  stored for this one
 */
public record AppendOutcome(EventId id, boolean duplicate) {
}
