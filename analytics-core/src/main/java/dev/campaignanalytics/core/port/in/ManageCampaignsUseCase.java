package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.domain.Validation;

import java.util.Objects;
import java.util.Optional;

/** Create, read, change and list campaigns. */
public interface ManageCampaignsUseCase {

    /**
     * Creates a campaign, active unless told otherwise, created and updated now.
     *
     * @param command the name, template type and active flag of the new campaign
     * @return the stored campaign, with its new id
     */
    Campaign create(CreateCampaignCommand command);

    /**
     * @param id the campaign's id
     * @return the campaign
     * @throws dev.campaignanalytics.core.domain.CampaignNotFoundException when no campaign has that id
     */
    Campaign get(CampaignId id);

    /**
     * Changes the fields the command gives and moves {@code updatedAt} to now.
     *
     * @param command the campaign's id and the fields to change
     * @return the campaign as it is now stored
     * @throws dev.campaignanalytics.core.domain.CampaignNotFoundException when no campaign has that id
     */
    Campaign update(UpdateCampaignCommand command);

    /**
     * One page of campaigns, newest first.
     *
     * @param listing the optional active and name filters, the limit and the offset
     * @return the page asked for and the total number of matching campaigns
     */
    Page<Campaign> list(CampaignListing listing);

    /**
     * @param name         required, 1 to 200 characters
     * @param templateType optional, at most 50 characters
     * @param active       optional; {@code null} means active
     */
    record CreateCampaignCommand(String name, String templateType, Boolean active) {
        /**
         * Checks the name and the template type as {@link dev.campaignanalytics.core.domain.Campaign} does.
         *
         * @param name required, 1 to 200 characters
         * @param templateType optional, at most 50 characters
         * @param active optional; null means active
         */
        public CreateCampaignCommand {
            Validation v = new Validation();
            Campaign.validateName(v, name);
            v.maxLength("template_type", templateType, Campaign.MAX_TEMPLATE_TYPE_LENGTH);
            v.throwIfInvalid();
        }
    }

    /**
     * A partial change: a {@code null} component leaves that field as it is.
     *
     * @param id the campaign to change, required
     * @param name the new name, or null to keep it
     * @param templateType {@code Optional.empty()} clears the template type
     * @param active the new active flag, or null to keep it
     */
    record UpdateCampaignCommand(CampaignId id, String name, Optional<String> templateType, Boolean active) {
        /**
         * Checks the values that are given; a {@code null} leaves that value as it is.
         *
         * @param id the campaign to change, required
         * @param name the new name, or null to keep it
         * @param templateType the new template type, {@code Optional.empty()} to clear it, or null to keep it
         * @param active the new active flag, or null to keep it
         */
        public UpdateCampaignCommand {
            Objects.requireNonNull(id, "id");
            Validation v = new Validation();
            if (name != null) {
                Campaign.validateName(v, name);
            }
            if (templateType != null) {
                v.maxLength("template_type", templateType.orElse(null), Campaign.MAX_TEMPLATE_TYPE_LENGTH);
            }
            v.throwIfInvalid();
        }
    }
}
