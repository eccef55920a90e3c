package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One bucket of a series.
 *
 * @param date      the bucket's own first day (a Monday for weeks, the 1st for months), even when that lies before
 *                  the range
 * @param startDate the first day of the bucket inside the range, inclusive
 * @param endDate   the last day of the bucket inside the range, inclusive
 * @param from      the first instant counted, inclusive: the start of {@code startDate} in the range's zone
 * @param until     the first instant not counted: the start of the day after {@code endDate}
 */
public record Bucket(LocalDate date, LocalDate startDate, LocalDate endDate, Instant from, Instant until) {
}
