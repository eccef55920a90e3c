package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A marketing campaign: the thing whose events are counted.
 *
 * @param id           the campaign's id
 * @param name         1 to {@value #MAX_NAME_LENGTH} characters, not all blank
 * @param templateType a free label of the campaign's creative template, may be {@code null}
 * @param active       whether the campaign is running; inactive campaigns still accept events
 * @param createdAt    when the campaign was created
 * @param updatedAt    when its fields last changed
 */
public record Campaign(CampaignId id, String name, String templateType, boolean active, Instant createdAt,
                       Instant updatedAt) {
    /** The longest campaign name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;
    /** The longest template type, in characters. */
    public static final int MAX_TEMPLATE_TYPE_LENGTH = 50;

    /**
     * Checks the campaign: a name of 1 to {@link #MAX_NAME_LENGTH} characters that is not blank, a template type of at
     * most {@link #MAX_TEMPLATE_TYPE_LENGTH}; every broken rule is named in one {@link InvalidInputException}.
     *
     * @param id the campaign's id
     * @param name 1 to {@value #MAX_NAME_LENGTH} characters, not all blank
     * @param templateType a free label of the creative template, at most {@value #MAX_TEMPLATE_TYPE_LENGTH} characters,
     *         may be null
     * @param active whether the campaign is running
     * @param createdAt when the campaign was created
     * @param updatedAt when its fields last changed
     */
    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Validation v = new Validation();
        validateName(v, name);
        v.maxLength("template_type", templateType, MAX_TEMPLATE_TYPE_LENGTH);
        v.throwIfInvalid();
    }

    /**
     * A campaign name is required and holds 1 to 200 characters, not all blank.
     *
     * @param v the validation that collects the broken rule, naming {@code name}
     * @param name the name to check
     */
    public static void validateName(Validation v, String name) {
        if (name == null) {
            v.add("campaign_name", "is required");
        } else if (name.isBlank()) {
            v.add("campaign_name", "must not be blank");
        } else {
            v.maxLength("campaign_name", name, MAX_NAME_LENGTH);
        }
    }
}
