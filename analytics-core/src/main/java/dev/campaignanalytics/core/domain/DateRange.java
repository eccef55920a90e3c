package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A span of calendar dates in one time zone, inclusive at both ends. As instants it runs from the start of
 * {@code start} in the zone (inclusive) to the start of the day after {@code end} (exclusive); a day there may last
 * 23, 24 or 25 hours.
 *
 * @param start the first date, inclusive
 * @param end the last date, inclusive; not before {@code start}
 * @param zone the zone in which the dates start and end
 */
public record DateRange(LocalDate start, LocalDate end, ZoneId zone) {
    /**
     * Refuses a range whose end comes before its start (naming {@code end_date}).
     *
     * @param start the first date, inclusive
     * @param end the last date, inclusive; not before {@code start}
     * @param zone the zone in which the dates start and end
     */
    public DateRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (end.isBefore(start)) {
            throw new InvalidInputException("end_date", "must not be before start_date");
        }
    }

    /**
     * The named preset ending today, inclusive: {@code 7d}, {@code 30d} and {@code 90d} are that many calendar
     * days, {@code 1y} is 365.
     *
     * @param name the preset: {@code 7d}, {@code 30d}, {@code 90d} or {@code 1y}
     * @param today the current date in {@code zone}
     * @param zone the zone the dates are read in
     * @return the range ending on {@code today}, inclusive
     * @throws InvalidInputException naming {@code date_range} for an unknown preset
     */
    public static DateRange preset(String name, LocalDate today, ZoneId zone) {
        int days = switch (name == null ? "" : name) {
            case "7d" -> 7;
            case "30d" -> 30;
            case "90d" -> 90;
            case "1y" -> 365;
            default -> throw new InvalidInputException("date_range", "must be one of 7d, 30d, 90d, 1y");
        };
        return new DateRange(today.minusDays(days - 1L), today, zone);
    }

    /** {@return the number of calendar days covered, counting both ends} */
    public long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    /** {@return the range of equal length that ends the day before {@code start}} */
    public DateRange previous() {
        LocalDate prevEnd = start.minusDays(1);
        return new DateRange(prevEnd.minusDays(days() - 1), prevEnd, zone);
    }

    /** {@return the first instant of the range (inclusive): the start of {@code start} in the zone} */
    public Instant startInstant() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** {@return the first instant after the range (exclusive): the start of the day after {@code end} in the zone} */
    public Instant endExclusiveInstant() {
        return end.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Whether {@code date} lies in the range, both ends included.
     *
     * @param date the date to test
     * @return whether the date lies in the range, both ends included
     */
    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }
}
