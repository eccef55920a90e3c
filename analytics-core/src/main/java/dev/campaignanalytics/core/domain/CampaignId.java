package dev.campaignanalytics.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a campaign: a UUID.
 *
 * @param value the campaign's UUID
 */
public record CampaignId(UUID value) {
    /**
     * Wraps a campaign's UUID; never {@code null}.
     *
     * @param value the campaign's UUID
     */
    public CampaignId {
        Objects.requireNonNull(value, "value");
    }

    /** {@return a new, random (version 4) campaign id} */
    public static CampaignId random() {
        return new CampaignId(UUID.randomUUID());
    }

    /**
     * Parses a campaign id given by a client.
     *
     * @param field the name of the input field, used in the error
     * @param text the canonical UUID text
     * @return the campaign id the text holds
     * @throws InvalidInputException when the text is absent or not a UUID
     */
    public static CampaignId parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return new CampaignId(Uuids.parse(field, text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
