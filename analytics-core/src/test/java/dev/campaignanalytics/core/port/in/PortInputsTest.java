package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.Violation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** The commands and queries of the incoming ports refuse bad input when they are made. */
class PortInputsTest {

    @Test
    void presetAcceptsOnlyTheFourNames() {
        for (String name : List.of("7d", "30d", "90d", "1y")) {
            assertThat(new RangeSpec.Preset(name).name()).isEqualTo(name);
        }
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Preset("14d"))).containsExactly("date_range");
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Preset(null))).containsExactly("date_range");
    }

    @Test
    void explicitRangeRefusesAnEndBeforeItsStartNamingEndDate() {
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Explicit(LocalDate.parse("2024-05-02"),
                LocalDate.parse("2024-05-01")))).containsExactly("end_date");
        assertThat(new RangeSpec.Explicit(LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-01")).end())
                .isEqualTo(LocalDate.parse("2024-05-01"));
    }

    @Test
    void explicitRangeRefusesDatesOutsideTheYears1900To2999NamingEachOneSoThatNoPreviousPeriodOverflowsTheCalendar() {
        // LocalDate.MIN's previous period lies before the calendar's first day: DateTimeException, a 500 for the
        // embedder's caller, before this rule lived here rather than only in the HTTP adapter
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Explicit(LocalDate.MIN, LocalDate.parse("2024-05-01"))))
                .containsExactly("start_date");
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Explicit(LocalDate.parse("1899-12-31"),
                LocalDate.parse("2024-05-01")))).containsExactly("start_date");
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Explicit(LocalDate.parse("2024-05-01"),
                LocalDate.parse("3000-01-01")))).containsExactly("end_date");
        assertThat(fieldsRefusedBy(() -> new RangeSpec.Explicit(LocalDate.parse("2024-05-01"), LocalDate.MAX)))
                .containsExactly("end_date");
        RangeSpec.Explicit widest = new RangeSpec.Explicit(LocalDate.parse("1900-01-01"),
                LocalDate.parse("2999-12-31"));
        assertThat(widest.start()).isEqualTo(RangeSpec.Explicit.EARLIEST);
        assertThat(widest.end()).isEqualTo(RangeSpec.Explicit.LATEST);
    }

    @Test
    void reportQueryWithoutFilterIsUnfiltered() {
        ReportQuery q = new ReportQuery(new RangeSpec.Preset("7d"), ZoneOffset.UTC, Granularity.DAY, null);

        assertThat(q.filter()).isEqualTo(DimensionFilter.NONE);
    }

    @Test
    void createCommandChecksNameAndTemplateType() {
        assertThat(fieldsRefusedBy(() -> new ManageCampaignsUseCase.CreateCampaignCommand(" ", "t".repeat(51), null)))
                .containsExactlyInAnyOrder("campaign_name", "template_type");
        assertThat(fieldsRefusedBy(() -> new ManageCampaignsUseCase.CreateCampaignCommand(null, null, null)))
                .containsExactly("campaign_name");
    }

    @Test
    void updateCommandChecksOnlyTheFieldsItChanges() {
        CampaignId id = CampaignId.random();

        assertThat(new ManageCampaignsUseCase.UpdateCampaignCommand(id, null, null, null).name()).isNull();
        assertThat(fieldsRefusedBy(() -> new ManageCampaignsUseCase.UpdateCampaignCommand(id, "", null, null)))
                .containsExactly("campaign_name");
        assertThat(fieldsRefusedBy(() -> new ManageCampaignsUseCase.UpdateCampaignCommand(id, "n".repeat(201),
                Optional.of("t".repeat(51)), null))).containsExactlyInAnyOrder("campaign_name", "template_type");
    }

    @Test
    void compareQueryRefusesACampaignNamedTwiceWhateverElseTheListHolds() {
        CampaignId a = CampaignId.random();
        CampaignId b = CampaignId.random();

        assertThat(fieldsRefusedBy(() -> new CampaignReportUseCase.CompareQuery(List.of(b, a, b),
                ReportQuery.defaults()))).containsExactly("campaign_ids");
        assertThat(new CampaignReportUseCase.CompareQuery(List.of(b, a), ReportQuery.defaults()).campaigns())
                .containsExactly(b, a);
    }

    @Test
    void compareQueryNeedsTwoToTwentyDistinctCampaigns() {
        CampaignId a = CampaignId.random();
        List<CampaignId> twenty = IntStream.range(0, 20).mapToObj(i -> CampaignId.random()).toList();
        List<CampaignId> twentyOne = IntStream.range(0, 21).mapToObj(i -> CampaignId.random()).toList();

        assertThat(new CampaignReportUseCase.CompareQuery(twenty, ReportQuery.defaults()).campaigns()).hasSize(20);
        assertThat(fieldsRefusedBy(() -> new CampaignReportUseCase.CompareQuery(List.of(a), ReportQuery.defaults())))
                .containsExactly("campaign_ids");
        assertThat(fieldsRefusedBy(() -> new CampaignReportUseCase.CompareQuery(List.of(a, a),
                ReportQuery.defaults()))).containsExactly("campaign_ids");
        assertThat(fieldsRefusedBy(() -> new CampaignReportUseCase.CompareQuery(twentyOne, ReportQuery.defaults())))
                .containsExactly("campaign_ids");
    }

    @Test
    void trackResultCountsAcceptedDuplicatesAndRejectedSeparately() {
        EventId id = new EventId(UUID.randomUUID());
        TrackEventsUseCase.TrackResult result = new TrackEventsUseCase.TrackResult(List.of(
                new TrackEventsUseCase.Accepted(id, false),
                new TrackEventsUseCase.Accepted(id, true),
                new TrackEventsUseCase.Accepted(new EventId(UUID.randomUUID()), false),
                new TrackEventsUseCase.Rejected(List.of(new Violation("occurred_at", "too old")), false)));

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.rejected()).isEqualTo(1);
    }
}
