package dev.campaignanalytics.core.domain;

/** A campaign id that names no campaign. */
public class CampaignNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CampaignId campaignId;

    /**
     * No campaign has the id {@code campaignId}.
     *
     * @param campaignId the id that no campaign has
     */
    public CampaignNotFoundException(CampaignId campaignId) {
        super("campaign " + campaignId + " not found");
        this.campaignId = campaignId;
    }

    /** {@return the id that was looked for} */
    public CampaignId campaignId() {
        return campaignId;
    }
}
