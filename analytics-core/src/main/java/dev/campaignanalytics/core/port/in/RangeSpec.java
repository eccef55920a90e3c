package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.InvalidInputException;

import java.time.LocalDate;
import java.util.Objects;

/** How a client named the dates of a report: a preset relative to today, or two explicit dates. */
public sealed interface RangeSpec permits RangeSpec.Preset, RangeSpec.Explicit {

    /**
     * {@code 7d|30d|90d|1y}: that many calendar days ending today, inclusive, in the report's zone.
     *
     * @param name {@code 7d}, {@code 30d}, {@code 90d} or {@code 1y}
     */
    record Preset(String name) implements RangeSpec {
        /**
         * Refuses a name other than {@code 7d}, {@code 30d}, {@code 90d} or {@code 1y}.
         *
         * @param name {@code 7d}, {@code 30d}, {@code 90d} or {@code 1y}
         */
        public Preset {
            if (!"7d".equals(name) && !"30d".equals(name) && !"90d".equals(name) && !"1y".equals(name)) {
                throw new InvalidInputException("date_range", "must be one of 7d, 30d, 90d, 1y");
            }
        }
    }

    /**
     * From {@code start} to {@code end}, both inclusive, each between {@link #EARLIEST} and {@link #LATEST}.
     *
     * @param start the first date, inclusive
     * @param end the last date, inclusive; not before {@code start}
     */
    record Explicit(LocalDate start, LocalDate end) implements RangeSpec {
        /**
         * The earliest date a report may name; earlier calendars are of no use to campaign analytics. The previous
         * period of any range within the bounds, and every instant of both, can be computed.
         */
        public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
        /** The latest date a report may name. */
        public static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

        /**
         * Refuses a date outside {@link #EARLIEST} to {@link #LATEST} (naming {@code start_date} or
         * {@code end_date}) and an end before the start (naming {@code end_date}).
         *
         * @param start the first date, inclusive
         * @param end the last date, inclusive; not before {@code start}
         */
        public Explicit {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            requireWithinBounds("start_date", start);
            requireWithinBounds("end_date", end);
            if (end.isBefore(start)) {
                throw new InvalidInputException("end_date", "must not be before start_date");
            }
        }

        /**
         * The rule for either date of a range, for callers that read one date at a time.
         *
         * @param field the name of the date in the caller's input, for the error
         * @param date the date
         * @throws InvalidInputException naming {@code field} when the date lies outside {@link #EARLIEST} to
         *                               {@link #LATEST}
         */
        public static void requireWithinBounds(String field, LocalDate date) {
            if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
                throw new InvalidInputException(field, "must lie between " + EARLIEST + " and " + LATEST);
            }
        }
    }
}
