package dev.campaignanalytics.core.port.out;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One typed value of a table row, as a {@link ReportWriter} receives it. The type decides how a format shows the
 * value: a spreadsheet keeps numbers as numbers and dates as dates, and only {@link Text} is ever text. No cell is a
 * formula.
 */
public sealed interface Cell permits Cell.Text, Cell.Whole, Cell.Decimal, Cell.Day, Cell.Moment, Cell.Flag,
        Cell.Empty {

    /** The cell that holds nothing: an undefined rate, an absent optional field. */
    Cell EMPTY = new Empty();

    /**
     * Free text as given by someone; writers neutralise text that a spreadsheet would read as a formula.
     *
     * @param value the text, never null
     */
    record Text(String value) implements Cell {
        /**
         * The text is required; use {@link Cell#EMPTY} for none.
         *
         * @param value the text, never null
         */
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A count.
     *
     * @param value the count
     */
    record Whole(long value) implements Cell {
    }

    /**
     * An exact decimal shown with exactly its scale of decimals, such as a rate in percent rounded to 2 places
     * ({@code 12.50}) or a p-value rounded to 4.
     *
     * @param value the exact value, shown with its scale
     */
    record Decimal(BigDecimal value) implements Cell {
        /**
         * The value is required; use {@link Cell#EMPTY} for none.
         *
         * @param value the exact value, shown with its scale
         */
        public Decimal {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A calendar date.
     *
     * @param value the calendar date
     */
    record Day(LocalDate value) implements Cell {
        /**
         * The date is required; use {@link Cell#EMPTY} for none.
         *
         * @param value the calendar date
         */
        public Day {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A point in time, shown as the date and time of day it was in {@code zone}.
     *
     * @param value the point in time
     * @param zone the zone whose local date and time are shown
     */
    record Moment(Instant value, ZoneId zone) implements Cell {
        /**
         * The instant and the zone are required; use {@link Cell#EMPTY} for none.
         *
         * @param value the point in time
         * @param zone the zone whose local date and time are shown
         */
        public Moment {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(zone, "zone");
        }
    }

    /**
     * Yes or no.
     *
     * @param value yes or no
     */
    record Flag(boolean value) implements Cell {
    }

    /** See {@link #EMPTY}. */
    final class Empty implements Cell {
        private Empty() {
        }

        @Override
        public String toString() {
            return "Empty";
        }
    }

    /**
     * Text, or {@link #EMPTY} for {@code null}.
     *
     * @param value the text, may be null
     * @return a text cell, or {@link #EMPTY}
     */
    static Cell text(String value) {
        return value == null ? EMPTY : new Text(value);
    }

    /**
     * A count.
     *
     * @param value the count
     * @return a whole-number cell
     */
    static Cell whole(long value) {
        return new Whole(value);
    }

    /**
     * A decimal, or {@link #EMPTY} for {@code null} (an undefined rate or change).
     *
     * @param value the decimal, may be null
     * @return a decimal cell, or {@link #EMPTY}
     */
    static Cell decimal(BigDecimal value) {
        return value == null ? EMPTY : new Decimal(value);
    }

    /**
     * A date, or {@link #EMPTY} for {@code null}.
     *
     * @param value the date, may be null
     * @return a date cell, or {@link #EMPTY}
     */
    static Cell day(LocalDate value) {
        return value == null ? EMPTY : new Day(value);
    }

    /**
     * A point in time shown in {@code zone}, or {@link #EMPTY} for {@code null}.
     *
     * @param value the instant, may be null
     * @param zone the zone whose local date and time are shown
     * @return a date-time cell, or {@link #EMPTY}
     */
    static Cell moment(Instant value, ZoneId zone) {
        return value == null ? EMPTY : new Moment(value, zone);
    }

    /**
     * Yes or no, or {@link #EMPTY} for {@code null}.
     *
     * @param value yes, no, or null for unknown
     * @return a yes/no cell, or {@link #EMPTY}
     */
    static Cell flag(Boolean value) {
        return value == null ? EMPTY : new Flag(value);
    }
}
