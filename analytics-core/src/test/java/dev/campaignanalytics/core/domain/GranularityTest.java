package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GranularityTest {

    @Test
    void parsesTheWireNames() {
        assertThat(Granularity.parse("granularity", "day")).isEqualTo(Granularity.DAY);
        assertThat(Granularity.parse("granularity", "week")).isEqualTo(Granularity.WEEK);
        assertThat(Granularity.parse("granularity", "month")).isEqualTo(Granularity.MONTH);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "hour", "Day", "WEEK", "monthly"})
    void refusesAnythingElseNamingTheField(String text) {
        assertThatThrownBy(() -> Granularity.parse("granularity", text))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations()).extracting(Violation::field).containsExactly("granularity"));
    }

    @ParameterizedTest(name = "{0} is in the week of {1}")
    @CsvSource({
            "2024-05-06, 2024-05-06", // a Monday is its own week's start
            "2024-05-12, 2024-05-06", // Sunday belongs to the week before, not the next one
            "2024-05-08, 2024-05-06",
            "2021-01-01, 2020-12-28", // a Friday whose Monday lies in the previous year
            "2021-01-03, 2020-12-28",
            "2021-01-04, 2021-01-04"
    })
    void weeksStartOnMonday(String date, String monday) {
        assertThat(Granularity.WEEK.bucketStart(LocalDate.parse(date))).isEqualTo(LocalDate.parse(monday));
    }

    @Test
    void monthsStartOnTheFirst() {
        assertThat(Granularity.MONTH.bucketStart(LocalDate.parse("2024-02-29"))).isEqualTo(LocalDate.parse("2024-02-01"));
        assertThat(Granularity.MONTH.nextBucketStart(LocalDate.parse("2023-12-01")))
                .isEqualTo(LocalDate.parse("2024-01-01"));
    }

    @Test
    void aDayIsItsOwnBucket() {
        assertThat(Granularity.DAY.bucketStart(LocalDate.parse("2024-02-29"))).isEqualTo(LocalDate.parse("2024-02-29"));
        assertThat(Granularity.DAY.nextBucketStart(LocalDate.parse("2024-02-29")))
                .isEqualTo(LocalDate.parse("2024-03-01"));
    }
}
