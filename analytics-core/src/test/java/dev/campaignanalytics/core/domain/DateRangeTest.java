package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateRangeTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static DateRange range(String start, String end, ZoneId zone) {
        return new DateRange(LocalDate.parse(start), LocalDate.parse(end), zone);
    }

    @Test
    void bothEndsAreInside() {
        DateRange r = range("2024-05-01", "2024-05-07", UTC);

        assertThat(r.contains(LocalDate.parse("2024-05-01"))).isTrue();
        assertThat(r.contains(LocalDate.parse("2024-05-07"))).isTrue();
        assertThat(r.contains(LocalDate.parse("2024-04-30"))).isFalse();
        assertThat(r.contains(LocalDate.parse("2024-05-08"))).isFalse();
        assertThat(r.days()).isEqualTo(7);
    }

    @Test
    void aSingleDayRangeHasOneDay() {
        assertThat(range("2024-05-01", "2024-05-01", UTC).days()).isEqualTo(1);
    }

    @Test
    void daysCountTheLeapDay() {
        assertThat(range("2024-01-01", "2024-12-31", UTC).days()).isEqualTo(366);
        assertThat(range("2023-01-01", "2023-12-31", UTC).days()).isEqualTo(365);
    }

    @Test
    void endBeforeStartIsRefusedNamingEndDate() {
        assertThatThrownBy(() -> range("2024-05-02", "2024-05-01", UTC))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations()).extracting(Violation::field).containsExactly("end_date"));
    }

    @ParameterizedTest(name = "{0} ending {1} starts {2}")
    @CsvSource({
            "7d, 2024-03-01, 2024-02-24, 7",
            "30d, 2024-03-01, 2024-02-01, 30",
            "90d, 2024-03-01, 2023-12-03, 90",
            "1y, 2024-03-01, 2023-03-03, 365",
            "1y, 2023-03-01, 2022-03-02, 365"
    })
    void presetIsThatManyCalendarDaysEndingTodayInclusive(String preset, String today, String start, long days) {
        DateRange r = DateRange.preset(preset, LocalDate.parse(today), UTC);

        assertThat(r.start()).isEqualTo(LocalDate.parse(start));
        assertThat(r.end()).isEqualTo(LocalDate.parse(today));
        assertThat(r.days()).isEqualTo(days);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "2w", "7D", "365d", "1m", " 7d"})
    void unknownPresetIsRefusedNamingDateRange(String preset) {
        assertThatThrownBy(() -> DateRange.preset(preset, LocalDate.parse("2024-03-01"), UTC))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations()).extracting(Violation::field).containsExactly("date_range"));
    }

    @Test
    void previousHasEqualLengthAndEndsTheDayBeforeStart() {
        DateRange previous = range("2024-05-01", "2024-05-07", UTC).previous();

        assertThat(previous).isEqualTo(range("2024-04-24", "2024-04-30", UTC));
    }

    @Test
    void previousOfASingleDayIsTheDayBefore() {
        assertThat(range("2024-03-01", "2024-03-01", UTC).previous()).isEqualTo(range("2024-02-29", "2024-02-29", UTC));
    }

    @Test
    void previousOfAMonthCountsDaysNotMonths() {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        DateRange march = range("2024-03-01", "2024-03-31", zone);

        DateRange previous = march.previous();

        assertThat(previous).isEqualTo(range("2024-01-30", "2024-02-29", zone));
        assertThat(previous.days()).isEqualTo(march.days());
    }

    @Test
    void instantsRunFromTheStartOfTheFirstDayToTheStartOfTheDayAfterTheLast() {
        DateRange r = range("2024-05-01", "2024-05-02", ZoneId.of("Asia/Kolkata"));

        assertThat(r.startInstant()).isEqualTo(Instant.parse("2024-04-30T18:30:00Z"));
        assertThat(r.endExclusiveInstant()).isEqualTo(Instant.parse("2024-05-02T18:30:00Z"));
    }

    @Test
    void instantsInAQuarterHourZone() {
        DateRange r = range("2024-05-01", "2024-05-01", ZoneId.of("Asia/Kathmandu"));

        assertThat(r.startInstant()).isEqualTo(Instant.parse("2024-04-30T18:15:00Z"));
        assertThat(r.endExclusiveInstant()).isEqualTo(Instant.parse("2024-05-01T18:15:00Z"));
    }

    @Test
    void aDayWhenClocksSpringForwardLasts23Hours() {
        DateRange r = range("2024-03-10", "2024-03-10", ZoneId.of("America/New_York"));

        assertThat(r.startInstant()).isEqualTo(Instant.parse("2024-03-10T05:00:00Z"));
        assertThat(r.endExclusiveInstant()).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
        assertThat(Duration.between(r.startInstant(), r.endExclusiveInstant())).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void aDayWhenClocksFallBackLasts25Hours() {
        DateRange r = range("2024-11-03", "2024-11-03", ZoneId.of("America/New_York"));

        assertThat(Duration.between(r.startInstant(), r.endExclusiveInstant())).isEqualTo(Duration.ofHours(25));
    }
}
