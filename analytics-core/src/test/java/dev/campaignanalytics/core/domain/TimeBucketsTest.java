package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeBucketsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static TimeBuckets buckets(String start, String end, ZoneId zone, Granularity g) {
        return TimeBuckets.of(new DateRange(LocalDate.parse(start), LocalDate.parse(end), zone), g);
    }

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    private static Instant i(String instant) {
        return Instant.parse(instant);
    }

    private static Duration length(Bucket b) {
        return Duration.between(b.from(), b.until());
    }

    @Test
    void dailyBucketsCoverEveryDayIncludingBothEnds() {
        List<Bucket> days = buckets("2024-02-27", "2024-03-01", UTC, Granularity.DAY).buckets();

        assertThat(days).extracting(Bucket::date)
                .containsExactly(d("2024-02-27"), d("2024-02-28"), d("2024-02-29"), d("2024-03-01"));
        assertThat(days).allSatisfy(b -> {
            assertThat(b.startDate()).isEqualTo(b.date());
            assertThat(b.endDate()).isEqualTo(b.date());
        });
        assertThat(days.get(0).from()).isEqualTo(i("2024-02-27T00:00:00Z"));
        assertThat(days.get(3).until()).isEqualTo(i("2024-03-02T00:00:00Z"));
    }

    @Test
    void weeklyBucketsStartOnMonday() {
        List<Bucket> weeks = buckets("2024-05-01", "2024-05-31", UTC, Granularity.WEEK).buckets();

        assertThat(weeks).extracting(Bucket::date)
                .containsExactly(d("2024-04-29"), d("2024-05-06"), d("2024-05-13"), d("2024-05-20"), d("2024-05-27"));
        assertThat(weeks).extracting(b -> b.date().getDayOfWeek()).containsOnly(DayOfWeek.MONDAY);
        assertThat(weeks.get(1).endDate()).isEqualTo(d("2024-05-12"));
        assertThat(weeks.get(1).endDate().getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void isoWeeksRunAcrossTheYearBoundary() {
        List<Bucket> weeks = buckets("2020-12-28", "2021-01-10", UTC, Granularity.WEEK).buckets();

        assertThat(weeks).containsExactly(
                new Bucket(d("2020-12-28"), d("2020-12-28"), d("2021-01-03"),
                        i("2020-12-28T00:00:00Z"), i("2021-01-04T00:00:00Z")),
                new Bucket(d("2021-01-04"), d("2021-01-04"), d("2021-01-10"),
                        i("2021-01-04T00:00:00Z"), i("2021-01-11T00:00:00Z")));
    }

    @Test
    void aWeekWhoseMondayLiesInThePreviousYearKeepsThatMondayAsItsDate() {
        // 2021-01-01 is a Friday: its ISO week begins on Monday 2020-12-28.
        List<Bucket> weeks = buckets("2021-01-01", "2021-01-05", UTC, Granularity.WEEK).buckets();

        assertThat(weeks).hasSize(2);
        Bucket first = weeks.get(0);
        assertThat(first.date()).isEqualTo(d("2020-12-28"));
        assertThat(first.startDate()).isEqualTo(d("2021-01-01"));
        assertThat(first.endDate()).isEqualTo(d("2021-01-03"));
        assertThat(first.from()).isEqualTo(i("2021-01-01T00:00:00Z"));
        assertThat(first.until()).isEqualTo(i("2021-01-04T00:00:00Z"));
    }

    @Test
    void partialFirstAndLastBucketsAreClippedToTheRange() {
        // Wednesday to Tuesday: the first week is cut at its start, the last at its end.
        List<Bucket> weeks = buckets("2024-05-01", "2024-05-14", UTC, Granularity.WEEK).buckets();

        assertThat(weeks).containsExactly(
                new Bucket(d("2024-04-29"), d("2024-05-01"), d("2024-05-05"),
                        i("2024-05-01T00:00:00Z"), i("2024-05-06T00:00:00Z")),
                new Bucket(d("2024-05-06"), d("2024-05-06"), d("2024-05-12"),
                        i("2024-05-06T00:00:00Z"), i("2024-05-13T00:00:00Z")),
                new Bucket(d("2024-05-13"), d("2024-05-13"), d("2024-05-14"),
                        i("2024-05-13T00:00:00Z"), i("2024-05-15T00:00:00Z")));
    }

    @Test
    void aRangeInsideOneWeekIsOneClippedBucket() {
        List<Bucket> weeks = buckets("2024-05-08", "2024-05-09", UTC, Granularity.WEEK).buckets();

        assertThat(weeks).containsExactly(new Bucket(d("2024-05-06"), d("2024-05-08"), d("2024-05-09"),
                i("2024-05-08T00:00:00Z"), i("2024-05-10T00:00:00Z")));
    }

    @Test
    void monthBucketsFollowTheCalendarIncludingTheLeapDay() {
        List<Bucket> months = buckets("2024-01-15", "2024-03-10", UTC, Granularity.MONTH).buckets();

        assertThat(months).extracting(Bucket::date)
                .containsExactly(d("2024-01-01"), d("2024-02-01"), d("2024-03-01"));
        assertThat(months.get(0).startDate()).isEqualTo(d("2024-01-15"));
        assertThat(months.get(0).endDate()).isEqualTo(d("2024-01-31"));
        assertThat(months.get(1).startDate()).isEqualTo(d("2024-02-01"));
        assertThat(months.get(1).endDate()).isEqualTo(d("2024-02-29"));
        assertThat(length(months.get(1))).isEqualTo(Duration.ofDays(29));
        assertThat(months.get(2).startDate()).isEqualTo(d("2024-03-01"));
        assertThat(months.get(2).endDate()).isEqualTo(d("2024-03-10"));
    }

    @Test
    void februaryOfACommonYearEndsOnThe28th() {
        Bucket feb = buckets("2023-02-01", "2023-02-28", UTC, Granularity.MONTH).buckets().get(0);

        assertThat(feb.endDate()).isEqualTo(d("2023-02-28"));
        assertThat(feb.until()).isEqualTo(i("2023-03-01T00:00:00Z"));
    }

    @Test
    void monthBucketsRunFromDecemberIntoJanuary() {
        List<Bucket> months = buckets("2023-12-15", "2024-01-15", UTC, Granularity.MONTH).buckets();

        assertThat(months).containsExactly(
                new Bucket(d("2023-12-01"), d("2023-12-15"), d("2023-12-31"),
                        i("2023-12-15T00:00:00Z"), i("2024-01-01T00:00:00Z")),
                new Bucket(d("2024-01-01"), d("2024-01-01"), d("2024-01-15"),
                        i("2024-01-01T00:00:00Z"), i("2024-01-16T00:00:00Z")));
    }

    @Test
    void edgesAscendAreContiguousAndSpanTheRange() {
        DateRange range = new DateRange(d("2024-02-20"), d("2024-04-10"), NEW_YORK);
        TimeBuckets buckets = TimeBuckets.of(range, Granularity.WEEK);

        List<Instant> edges = buckets.edges();

        assertThat(edges).hasSize(buckets.size() + 1);
        assertThat(edges).isSorted().doesNotHaveDuplicates();
        assertThat(edges.get(0)).isEqualTo(range.startInstant());
        assertThat(edges.get(edges.size() - 1)).isEqualTo(range.endExclusiveInstant());
        for (int k = 0; k < buckets.size(); k++) {
            Bucket b = buckets.buckets().get(k);
            assertThat(b.from()).isEqualTo(edges.get(k));
            assertThat(b.until()).isEqualTo(edges.get(k + 1));
            if (k > 0) {
                assertThat(b.startDate()).isEqualTo(buckets.buckets().get(k - 1).endDate().plusDays(1));
            }
        }
    }

    @Test
    void theDayClocksSpringForwardIsA23HourBucket() {
        List<Bucket> days = buckets("2024-03-09", "2024-03-11", NEW_YORK, Granularity.DAY).buckets();

        assertThat(days).extracting(TimeBucketsTest::length)
                .containsExactly(Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24));
        assertThat(days.get(1).from()).isEqualTo(i("2024-03-10T05:00:00Z"));
        assertThat(days.get(1).until()).isEqualTo(i("2024-03-11T04:00:00Z"));
    }

    @Test
    void theDayClocksFallBackIsA25HourBucket() {
        List<Bucket> days = buckets("2024-11-02", "2024-11-04", NEW_YORK, Granularity.DAY).buckets();

        assertThat(days).extracting(TimeBucketsTest::length)
                .containsExactly(Duration.ofHours(24), Duration.ofHours(25), Duration.ofHours(24));
        assertThat(days.get(1).from()).isEqualTo(i("2024-11-03T04:00:00Z"));
        assertThat(days.get(1).until()).isEqualTo(i("2024-11-04T05:00:00Z"));
    }

    @Test
    void weeksAndMonthsAcrossADaylightSavingChangeAreAnHourShortOrLong() {
        Bucket springWeek = buckets("2024-03-04", "2024-03-10", NEW_YORK, Granularity.WEEK).buckets().get(0);
        Bucket november = buckets("2024-11-01", "2024-11-30", NEW_YORK, Granularity.MONTH).buckets().get(0);

        assertThat(length(springWeek)).isEqualTo(Duration.ofHours(7 * 24 - 1));
        assertThat(length(november)).isEqualTo(Duration.ofHours(30 * 24 + 1));
    }

    @Test
    void aDayWhoseMidnightIsSkippedStartsAtItsFirstExistingInstant() {
        // Chile moved its clocks from 00:00 -04 to 01:00 -03 on 2024-09-08: that day has no midnight.
        List<Bucket> days = buckets("2024-09-07", "2024-09-08", ZoneId.of("America/Santiago"), Granularity.DAY)
                .buckets();

        assertThat(days.get(0).until()).isEqualTo(i("2024-09-08T04:00:00Z"));
        assertThat(days.get(1).from()).isEqualTo(i("2024-09-08T04:00:00Z"));
        assertThat(length(days.get(1))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void bucketEdgesInIndiaLandOnTheHalfHourOfUtc() {
        List<Bucket> days = buckets("2024-05-01", "2024-05-02", ZoneId.of("Asia/Kolkata"), Granularity.DAY).buckets();

        assertThat(days).extracting(Bucket::from)
                .containsExactly(i("2024-04-30T18:30:00Z"), i("2024-05-01T18:30:00Z"));
        assertThat(days.get(1).until()).isEqualTo(i("2024-05-02T18:30:00Z"));
    }

    @Test
    void bucketEdgesInNepalLandOnTheQuarterHourOfUtc() {
        List<Bucket> days = buckets("2024-05-01", "2024-05-02", ZoneId.of("Asia/Kathmandu"), Granularity.DAY).buckets();

        assertThat(days).extracting(Bucket::from)
                .containsExactly(i("2024-04-30T18:15:00Z"), i("2024-05-01T18:15:00Z"));
        assertThat(days.get(1).until()).isEqualTo(i("2024-05-02T18:15:00Z"));
    }

    @Test
    void monthBucketInNepalStartsAtTheQuarterHour() {
        Bucket may = buckets("2024-05-01", "2024-05-31", ZoneId.of("Asia/Kathmandu"), Granularity.MONTH)
                .buckets().get(0);

        assertThat(may.from()).isEqualTo(i("2024-04-30T18:15:00Z"));
        assertThat(may.until()).isEqualTo(i("2024-05-31T18:15:00Z"));
    }
}
