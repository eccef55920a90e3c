package dev.campaignanalytics.export;

import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.ReportWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReportWriterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String write(List<String> header, List<List<Cell>> rows) throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.CSV, out)) {
            w.beginTable("Data", header);
            for (List<Cell> row : rows) {
                w.row(row);
            }
            w.finish();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        assertThat(csv).startsWith("\uFEFF");
        try (CSVParser p = CSVFormat.RFC4180.builder().get().parse(new StringReader(csv.substring(1)))) {
            return p.getRecords();
        }
    }

    @Test
    void startsWithAUtf8ByteOrderMarkSoThatExcelReadsUtf8() throws IOException {
        write(List.of("Campaign Name"), List.of(List.of(Cell.text("Café 日本"))));
        byte[] bytes = out.toByteArray();
        assertThat(new byte[]{bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("Campaign Name\r\nCafé 日本\r\n");
    }

    @Test
    void linesEndWithCrlfAndFieldsAreQuotedOnlyWhenTheyMustBe() throws IOException {
        String csv = write(List.of("a", "b", "c", "d"), List.of(
                List.of(Cell.text("plain"), Cell.text("with, comma"), Cell.text("say \"hi\""),
                        Cell.text("two\nlines"))));
        assertThat(csv.substring(1)).isEqualTo(
                "a,b,c,d\r\nplain,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
        CSVRecord row = parse(csv).get(1);
        assertThat(row.values()).containsExactly("plain", "with, comma", "say \"hi\"", "two\nlines");
    }

    @Test
    void cellsAreWrittenByTheirType() throws IOException {
        String csv = write(List.of("text", "whole", "rate", "p", "day", "utc", "paris", "flag", "empty"),
                List.of(List.of(Cell.text("x"), Cell.whole(1234567890123L), Cell.decimal(new BigDecimal("12.50")),
                        Cell.decimal(new BigDecimal("0.0400")), Cell.day(LocalDate.of(2025, 3, 10)),
                        Cell.moment(Instant.parse("2025-03-10T08:30:00Z"), ZoneOffset.UTC),
                        Cell.moment(Instant.parse("2025-03-10T08:30:00.123456Z"), ZoneId.of("Europe/Paris")),
                        Cell.flag(true), Cell.EMPTY)));
        assertThat(parse(csv).get(1).values()).containsExactly("x", "1234567890123", "12.50", "0.0400",
                "2025-03-10", "2025-03-10T08:30:00Z", "2025-03-10T09:30:00.123456+01:00", "true", "");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() throws IOException {
        List<Cell> row = new ArrayList<>();
        for (String text : List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx",
                "safe = fine")) {
            row.add(Cell.text(text));
        }
        String csv = write(List.of("a", "b", "c", "d", "e", "f", "g"), List.of(row));
        assertThat(parse(csv).get(1).values()).containsExactly("'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2",
                "'@SUM(A1)", "'\tx", "'\rx", "safe = fine");
    }

    @Test
    void numbersAreNeverNeutralised() throws IOException {
        String csv = write(List.of("change"), List.of(List.of(Cell.decimal(new BigDecimal("-12.50")))));
        assertThat(parse(csv).get(1).get(0)).isEqualTo("-12.50");
    }

    @Test
    void supplementaryTablesAreNotWrittenSinceCsvHoldsOneTable() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.CSV, out)) {
            w.beginTable("Data", List.of("a"));
            w.row(List.of(Cell.whole(1)));
            w.beginSupplement("Summary", List.of("Metric", "Value"));
            w.row(List.of(Cell.text("Views"), Cell.whole(9)));
            w.finish();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\uFEFFa\r\n1\r\n");
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.CSV, out)) {
            w.beginTable("Data", List.of("a", "b"));
            assertThatThrownBy(() -> w.row(List.of(Cell.whole(1)))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theOutputStaysOpenAndAnUnfinishedDocumentIsNotFlushed() throws IOException {
        boolean[] closed = {false};
        OutputStream watched = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.CSV, watched)) {
            w.beginTable("Data", List.of("a"));
            w.row(List.of(Cell.whole(1)));
            // no finish(): as after a failure
        }
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isZero();
    }
}
