package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.in.ExportUseCase.Content;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ExportUseCase.Metric;
import dev.campaignanalytics.core.port.in.RangeSpec;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExportParamsTest {
    private static final String ID = "0b7e5a52-4bd6-4d8e-9f0c-4a4b8f0c1d2e";
    private static final String OTHER = "7f1c7e0a-2b1e-4c55-8a55-1c0c6a1f9a10";
    /** The server's default zone in these tests, as when it is not configured with another. */
    private static final ZoneId SERVER_ZONE = ZoneId.of("UTC");

    private static ExportQuery parse(String... nameValue) {
        Map<String, List<String>> params = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            params.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return ExportParams.parse(name -> params.getOrDefault(name, List.of()), SERVER_ZONE);
    }

    private static List<String> refused(String... nameValue) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parse(nameValue));
        assertThat(e).as("refused").isNotNull();
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void aCampaignAloneIsTheLastSevenDaysInUtcByDayAsCsv() {
        ExportQuery q = parse("campaign_id", ID);

        assertThat(q.content()).isEqualTo(Content.DAILY);
        assertThat(q.format()).isEqualTo(ExportFormat.CSV);
        assertThat(q.campaign()).isEqualTo(CampaignId.parse("id", ID));
        assertThat(q.report().range()).isEqualTo(new RangeSpec.Preset("7d"));
        assertThat(q.report().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(q.report().granularity()).isEqualTo(Granularity.DAY);
        assertThat(q.report().filter()).isEqualTo(DimensionFilter.NONE);
        assertThat(q.metrics()).containsExactly(Metric.values());
    }

    @Test
    void everyCommonReportParameterIsRead() {
        ExportQuery q = parse("campaign_id", ID, "type", "segmented", "segment_by", "device_type",
                "format", "excel", "start_date", "2025-03-01", "end_date", "2025-03-31", "group_by", "week",
                "tz", "Asia/Kolkata", "audience_segment", "vip", "channel", "email", "device_type", "mobile",
                "metrics", "conversion_rate, views");

        assertThat(q.content()).isEqualTo(Content.SEGMENTED);
        assertThat(q.segmentBy()).isEqualTo(Dimension.DEVICE_TYPE);
        assertThat(q.format()).isEqualTo(ExportFormat.EXCEL);
        assertThat(q.report().range()).isEqualTo(new RangeSpec.Explicit(LocalDate.of(2025, 3, 1),
                LocalDate.of(2025, 3, 31)));
        assertThat(q.report().granularity()).isEqualTo(Granularity.WEEK);
        assertThat(q.report().zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(q.report().filter()).isEqualTo(DimensionFilter.of("vip", "email", "mobile"));
        assertThat(q.metrics()).containsExactly(Metric.VIEWS, Metric.CONVERSION_RATE);
    }

    @Test
    void comparedCampaignsMayBeCommaSeparatedOrRepeated() {
        assertThat(parse("type", "comparison", "campaign_ids", ID + "," + OTHER).campaigns())
                .containsExactly(CampaignId.parse("id", ID), CampaignId.parse("id", OTHER));
        assertThat(parse("type", "comparison", "campaign_ids", ID, "campaign_ids", OTHER).campaigns())
                .containsExactly(CampaignId.parse("id", ID), CampaignId.parse("id", OTHER));
    }

    @Test
    void anEmptyValueCountsAsAbsent() {
        ExportQuery q = parse("campaign_id", ID, "format", "", "tz", "", "metrics", "");
        assertThat(q.format()).isEqualTo(ExportFormat.CSV);
        assertThat(q.report().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(q.metrics()).containsExactly(Metric.values());
    }

    @Test
    void everyMalformedParameterIsNamedAtOnce() {
        assertThat(refused("type", "hourly", "format", "pdf", "campaign_id", "x", "segment_by", "country",
                "metrics", "views,bounce", "date_range", "2w", "group_by", "year", "tz", "Europe/Nowhere",
                "channel", "c".repeat(51), "campaign_ids", "nope"))
                .containsExactlyInAnyOrder("type", "format", "campaign_id", "segment_by", "metrics", "date_range",
                        "group_by", "tz", "channel", "campaign_ids");
    }

    @Test
    void explicitDatesComeInPairsAndNotWithAPreset() {
        assertThat(refused("campaign_id", ID, "start_date", "2025-03-01")).containsExactly("end_date");
        assertThat(refused("campaign_id", ID, "end_date", "2025-03-01")).containsExactly("start_date");
        assertThat(refused("campaign_id", ID, "date_range", "30d", "start_date", "2025-03-01", "end_date",
                "2025-03-02")).containsExactly("date_range");
        assertThat(refused("campaign_id", ID, "start_date", "01/03/2025", "end_date", "2025-02-30"))
                .containsExactly("start_date", "end_date");
        assertThat(refused("campaign_id", ID, "start_date", "2025-03-02", "end_date", "2025-03-01"))
                .containsExactly("end_date");
    }

    @Test
    void onlyIanaZonesAreZones() {
        assertThat(refused("campaign_id", ID, "tz", "+05:30")).containsExactly("tz");
        assertThat(refused("campaign_id", ID, "tz", "europe/paris")).containsExactly("tz");
        assertThat(parse("campaign_id", ID, "tz", "Etc/GMT-14").report().zone()).isEqualTo(ZoneId.of("Etc/GMT-14"));
    }

    @Test
    void datesAReportRefusesAreRefusedHereToo() {
        assertThat(refused("campaign_id", ID, "start_date", "-999999999-01-01", "end_date", "-999999999-01-02"))
                .containsExactly("start_date", "end_date");
        assertThat(refused("campaign_id", ID, "start_date", "0000-01-01", "end_date", "0000-01-02"))
                .containsExactly("start_date", "end_date");
        assertThat(refused("campaign_id", ID, "start_date", "2999-12-31", "end_date", "3000-01-01"))
                .containsExactly("end_date");
        assertThat(parse("campaign_id", ID, "start_date", "1900-01-01", "end_date", "1900-01-07").report().range())
                .isEqualTo(new RangeSpec.Explicit(LocalDate.of(1900, 1, 1), LocalDate.of(1900, 1, 7)));
    }

    @Test
    void aParameterGivenTwiceIsRefusedRatherThanTheFirstWinning() {
        assertThat(refused("campaign_id", ID, "tz", "UTC", "tz", "Europe/Berlin")).containsExactly("tz");
        assertThat(refused("campaign_id", ID, "type", "daily", "type", "bogus")).containsExactly("type");
        assertThat(refused("campaign_id", ID, "campaign_id", OTHER)).containsExactly("campaign_id");
    }

    @Test
    void withoutTzTheServersDefaultZoneDecides() {
        ExportQuery q = ExportParams.parse(name -> name.equals("campaign_id") ? List.of(ID) : List.of(),
                ZoneId.of("America/Los_Angeles"));

        assertThat(q.report().zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    }

    @Test
    void listsMustNotHaveEmptyItems() {
        assertThat(refused("campaign_id", ID, "metrics", "views,,clicks")).containsExactly("metrics");
        assertThat(refused("type", "comparison", "campaign_ids", ID + ",")).containsExactly("campaign_ids");
    }

    @Test
    void parametersThatDoNotFitTheTypeAreRefused() {
        assertThat(refused("type", "events", "campaign_id", ID, "metrics", "views")).containsExactly("metrics");
        assertThat(refused("type", "comparison", "campaign_id", ID, "campaign_ids", ID + "," + OTHER))
                .containsExactly("campaign_id");
        assertThat(refused("type", "daily")).containsExactly("campaign_id");
        assertThat(refused("type", "segmented", "campaign_id", ID)).containsExactly("segment_by");
    }
}
