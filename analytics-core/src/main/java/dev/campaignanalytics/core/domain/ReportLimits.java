package dev.campaignanalytics.core.domain;

/**
 * Bounds on what one report may ask for.
 *
 * @param maxRangeDays the longest range, in calendar days counting both ends
 */
public record ReportLimits(int maxRangeDays) {
    /** 1096 days: three years including a leap day. */
    public static final ReportLimits DEFAULT = new ReportLimits(1096);

    /**
     * Refuses a limit below one day.
     *
     * @param maxRangeDays the longest range, in calendar days counting both ends; at least 1
     */
    public ReportLimits {
        if (maxRangeDays < 1) {
            throw new IllegalArgumentException("a range spans at least one day");
        }
    }
}
