package dev.campaignanalytics.app.export;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ExportUseCase;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The export use case as a JVM that embeds the core uses it: no HTTP, any output stream. */
class InProcessExportTest {
    private static final int EVENTS = 120;

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private CampaignId campaign;
    private final List<String> ids = new ArrayList<>();

    private static ExportUseCase exports(ExportFormats formats) {
        return CampaignAnalytics.builder(db.adapters(), formats).build().exports();
    }

    @BeforeEach
    void aCampaignWithEvents() {
        Instant now = Instant.now();
        Campaign c = new Campaign(CampaignId.random(), "Embedded", null, true, now, now);
        db.adapters().campaignCatalog().add(c);
        campaign = c.id();
        List<NewEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2025-03-03T00:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            Instant at = start.plusSeconds(60L * i);
            NewEvent e = new NewEvent(EventIds.next(at), at, TrackedEvent.of(campaign, EventType.VIEW, at));
            events.add(e);
            ids.add(e.id().toString());
        }
        db.adapters().eventStore().append(events);
    }

    private ExportQuery events(ExportFormat format) {
        return ExportQuery.events(campaign, new ReportQuery(new RangeSpec.Explicit(LocalDate.of(2025, 3, 3),
                LocalDate.of(2025, 3, 3)), ZoneId.of("UTC"), Granularity.DAY, DimensionFilter.NONE), format);
    }

    @Test
    void aWorkbookContinuesOnNewSheetsPastTheSheetLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long rows = exports(ExportFormats.withSheetRowLimit(50)).prepare(events(ExportFormat.EXCEL)).writeTo(out);

        assertThat(rows).isEqualTo(EVENTS);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<String> names = new ArrayList<>();
            List<String> exported = new ArrayList<>();
            for (Sheet sheet : wb) {
                names.add(sheet.getSheetName());
                assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("id");
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    exported.add(sheet.getRow(r).getCell(0).getStringCellValue());
                }
            }
            assertThat(names).containsExactly("Events", "Events (2)", "Events (3)");
            assertThat(wb.getSheet("Events (3)").getLastRowNum()).isEqualTo(20);
            assertThat(exported).isEqualTo(ids);
        }
    }

    @Test
    void aCsvGoesToAnyStreamWhichStaysOpen() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("before\n".getBytes(StandardCharsets.UTF_8));

        exports(ExportFormats.standard()).prepare(events(ExportFormat.CSV)).writeTo(out);
        out.write("after".getBytes(StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("before\n\uFEFFid,campaign_id,").endsWith("\r\nafter");
        String csv = text.substring("before\n\uFEFF".length(), text.length() - "after".length());
        List<String> exported = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            exported.add(r.get("id"));
            assertThat(r.get("campaign_id")).isEqualTo(campaign.toString());
        }
        assertThat(exported).isEqualTo(ids);
    }
}
