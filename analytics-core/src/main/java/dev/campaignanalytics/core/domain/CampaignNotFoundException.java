package dev.campaignanalytics.core.domain;

/** A campaign id that names no campaign. */
public class CampaignNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CampaignId campaignId;

    /** No campaign has the id {@code campaignId}. */
    public CampaignNotFoundException(CampaignId campaignId) {
        super("campaign " + campaignId + " not found");
        this.campaignId = campaignId;
    }

    /** The id that was looked for. */
    public CampaignId campaignId() {
        return campaignId;
    }
}
