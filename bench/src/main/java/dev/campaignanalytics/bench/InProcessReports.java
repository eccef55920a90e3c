package dev.campaignanalytics.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase.CompareQuery;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.postgres.PostgresAdapters;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * The reports computed in this JVM by the core's reports use case ({@link CampaignAnalytics#reports()}) over
 * {@link PostgresAdapters}, on the server's database: what the report routes do, minus HTTP and JSON. Used only
 * when the server has no report routes.
 */
final class InProcessReports implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final PostgresAdapters adapters;
    private final CampaignReportUseCase reports;

    private InProcessReports(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.adapters = PostgresAdapters.create(dataSource);
        this.reports = CampaignAnalytics.builder(adapters, (format, out) -> {
            throw new UnsupportedOperationException("the benchmark's in-process reports export nothing");
        }).build().reports();
    }

    static InProcessReports open(String jdbcUrl, String user, String password) {
        return new InProcessReports(PostgresAdapters.pooledDataSource(jdbcUrl, user, password));
    }

    private static ReportQuery query(LocalDate start, LocalDate end, Granularity granularity) {
        return new ReportQuery(new RangeSpec.Explicit(start, end), ZoneId.of("UTC"), granularity,
                DimensionFilter.NONE);
    }

    void report(String campaign, LocalDate start, LocalDate end, String granularity) {
        reports.report(new CampaignId(UUID.fromString(campaign)), query(start, end,
                "week".equals(granularity) ? Granularity.WEEK : Granularity.DAY));
    }

    void segmentedByChannel(String campaign, LocalDate start, LocalDate end) {
        reports.segmented(new CampaignId(UUID.fromString(campaign)), Dimension.CHANNEL,
                query(start, end, Granularity.DAY));
    }

    void compare(List<String> campaigns, LocalDate start, LocalDate end) {
        reports.compare(new CompareQuery(campaigns.stream().map(c -> new CampaignId(UUID.fromString(c))).toList(),
                query(start, end, Granularity.DAY)));
    }

    @Override
    public void close() {
        adapters.close();
        dataSource.close();
    }
}
