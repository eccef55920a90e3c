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
     * From {@code start} to {@code end}, both inclusive.
     *
     * @param start the first date, inclusive
     * @param end the last date, inclusive; not before {@code start}
     */
    record Explicit(LocalDate start, LocalDate end) implements RangeSpec {
        /**
         * Refuses an end before the start (naming {@code end_date}).
         *
         * @param start the first date, inclusive
         * @param end the last date, inclusive; not before {@code start}
         */
        public Explicit {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) {
                throw new InvalidInputException("end_date", "must not be before start_date");
            }
        }
    }
}
