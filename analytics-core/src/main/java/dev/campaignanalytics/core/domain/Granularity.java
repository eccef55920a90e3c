package dev.campaignanalytics.core.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How a series groups calendar dates into buckets. */
public enum Granularity {
    /** One calendar day. */
    DAY,
    /** One ISO week, Monday to Sunday. A week keeps its Monday even when that falls in the previous year. */
    WEEK,
    /** One calendar month. */
    MONTH;

    /** {@return the lower-case name used on the wire: {@code day|week|month}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param field the request field named in the error, e.g. {@code granularity}
     * @param text the wire name to read
     * @return the granularity the text names
     * @throws InvalidInputException naming {@code field} when the text is not {@code day|week|month}
     */
    public static Granularity parse(String field, String text) {
        for (Granularity g : values()) {
            if (g.wireName().equals(text)) {
                return g;
            }
        }
        throw new InvalidInputException(field, "must be one of day, week, month");
    }

    /**
     * The first day of the bucket that holds {@code date}.
     *
     * @param date any date
     * @return the first day of its bucket: the date itself, the Monday of its ISO week, or the first of its month
     */
    public LocalDate bucketStart(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /**
     * The first day of the bucket after the one that starts at {@code bucketStart}.
     *
     * @param bucketStart the first day of a bucket
     * @return the first day of the next bucket
     */
    public LocalDate nextBucketStart(LocalDate bucketStart) {
        return switch (this) {
            case DAY -> bucketStart.plusDays(1);
            case WEEK -> bucketStart.plusWeeks(1);
            case MONTH -> bucketStart.plusMonths(1);
        };
    }
}
