package dev.campaignanalytics.core.domain;

/**
 * Which campaigns to list, newest first.
 *
 * @param active       only campaigns with this active flag; {@code null} for all
 * @param nameContains only campaigns whose name contains this text, ignoring case; {@code null} for all
 * @param limit        1 to 200 campaigns per page
 * @param offset       how many matching campaigns to skip, 0 or more
 */
public record CampaignListing(Boolean active, String nameContains, int limit, int offset) {
    /** The most campaigns one page holds. */
    public static final int MAX_LIMIT = 200;
    /** How many campaigns a page holds when the caller does not say. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Checks the page: a limit of 1 to {@link #MAX_LIMIT}, an offset of 0 or more.
     *
     * @param active only campaigns with this active flag; null for all
     * @param nameContains only campaigns whose name contains this text, ignoring case; null for all
     * @param limit 1 to {@value #MAX_LIMIT} campaigns per page
     * @param offset how many matching campaigns to skip, 0 or more
     */
    public CampaignListing {
        Validation v = new Validation();
        if (limit < 1 || limit > MAX_LIMIT) {
            v.add("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            v.add("offset", "must be 0 or more");
        }
        v.maxLength("q", nameContains, Campaign.MAX_NAME_LENGTH);
        v.throwIfInvalid();
    }
}
