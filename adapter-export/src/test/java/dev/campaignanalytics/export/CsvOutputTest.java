package dev.campaignanalytics.export;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CsvOutputTest {
    private static final CSVFormat COMMONS = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
    /** Characters that matter to quoting, neutralising or encoding, and some that do not. */
    private static final String[] PIECES = {"a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "\t", "!", "#", "$",
            "'", "=", "+", "-", "@", "\u0001", "\u007f", "é", "\u00a0", "日本", "\u2028", "😀", "\ud83d", "\ude00",
            "\uffff", "{\"n\": 1}"};

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CsvOutput csv = new CsvOutput(bytes);

    /** A field as commons-csv's RFC 4180 printer writes it: the value after neutralising, null for an empty cell. */
    private record Field(String value, boolean text) {
        @Override
        public String toString() {
            return value == null ? "empty" : (text ? "text " : "plain ") + value.chars()
                    .mapToObj(c -> c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c))
                    .reduce("", String::concat);
        }
    }

    private static String commons(List<List<Field>> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(sb, COMMONS)) {
            for (List<Field> record : records) {
                printer.printRecord(record.stream()
                        .map(f -> f.value() == null ? "" : f.text() ? FormulaGuard.neutralise(f.value()) : f.value())
                        .toArray());
            }
        }
        return sb.toString();
    }

    private String ours(List<List<Field>> records) throws IOException {
        for (List<Field> record : records) {
            for (Field f : record) {
                if (f.value() == null) {
                    csv.empty();
                } else if (f.text()) {
                    csv.text(f.value());
                } else {
                    csv.plain(f.value());
                }
            }
            csv.endRecord();
        }
        csv.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String random(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void writesTheSameBytesAsCommonsCsvForAnyText() throws IOException {
        Random random = new Random(7);
        List<List<Field>> records = new ArrayList<>();
        for (int r = 0; r < 20_000; r++) {
            List<Field> record = new ArrayList<>();
            for (int f = random.nextInt(4) + 1; f > 0; f--) {
                int kind = random.nextInt(10);
                record.add(kind == 0 ? new Field(null, true)
                        : new Field(random(random, random.nextInt(6)), kind != 1));
            }
            records.add(record);
        }
        ours(records);
        byte[] written = bytes.toByteArray();
        // Record by record, so that a difference names its record; in bytes, as String.getBytes encodes the
        // commons-csv text (a lone surrogate as '?').
        int from = 0;
        for (List<Field> record : records) {
            byte[] expected = commons(List.of(record)).getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.copyOfRange(written, from, Math.min(written.length, from + expected.length)))
                    .as("record %s", record).isEqualTo(expected);
            from += expected.length;
        }
        assertThat(from).isEqualTo(written.length);
    }

    @Test
    void quotesNeutralisesAndEncodesTheCasesThatMatter() throws IOException {
        List<Field> record = List.of(new Field("", true), new Field("plain", true), new Field("a,b", true),
                new Field("say \"hi\"", true), new Field("two\r\nlines", true), new Field("=1+1", true),
                new Field("-2", true), new Field("-2", false), new Field("\tx", true), new Field("\rx", true),
                new Field(" lead", true), new Field("trail ", true), new Field("#1", true), new Field("Café 日本", true),
                new Field("😀", true), new Field(null, true), new Field("", true));
        String written = ours(List.of(record, List.of(new Field(null, true)), List.of(new Field("x", true))));
        assertThat(written).isEqualTo("\"\",plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",'=1+1,'-2,-2,'\tx,"
                + "\"'\rx\",\" lead\",\"trail \",\"#1\",Café 日本,😀,,\r\n\"\"\r\nx\r\n");
        assertThat(written.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes.toByteArray());
        try (CSVParser parser = COMMONS.parse(new StringReader(written))) {
            List<CSVRecord> parsed = parser.getRecords();
            assertThat(parsed.get(0).values()).containsExactly("", "plain", "a,b", "say \"hi\"", "two\r\nlines",
                    "'=1+1", "'-2", "-2", "'\tx", "'\rx", " lead", "trail ", "#1", "Café 日本", "😀", "", "");
        }
    }

    @Test
    void aFieldLongerThanTheBufferIsWrittenWhole() throws IOException {
        String big = "日,\"".repeat(CsvOutput.SIZE);
        List<List<Field>> records = List.of(List.of(new Field("x", true), new Field(big, true)),
                List.of(new Field(big + "é", true)));
        assertThat(ours(records)).isEqualTo(commons(records));
    }

    @Test
    void writesTimesAsTheIsoFormatterDoesAcrossDaysAndTransitions() throws IOException {
        List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
                ZoneId.of("Asia/Kathmandu"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns"),
                ZoneId.of("Europe/Amsterdam"), ZoneId.of("+05:30"));
        Random random = new Random(11);
        StringBuilder expected = new StringBuilder();
        for (ZoneId zone : zones) {
            // In time order, as an export writes them: 2.5 h apart over 2 years (both ways through transitions),
            // with and without fractions; then jumps back and forth, and times from before 1900 and after 9999.
            long second = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < 7_000; i++) {
                second += 9_000 + random.nextInt(3);
                times.add(Instant.ofEpochSecond(second, i % 3 == 0 ? 0 : random.nextInt(1_000_000_000)));
            }
            for (int i = 0; i < 2_000; i++) {
                times.add(Instant.ofEpochSecond(random.nextLong() % 253_402_300_799L, random.nextInt(1000) * 1000));
            }
            times.add(Instant.parse("1890-01-01T00:00:00Z"));
            times.add(Instant.parse("+10000-01-01T00:00:00Z"));
            times.add(Instant.parse("-0001-06-01T00:00:00.5Z"));
            for (Instant t : times) {
                csv.moment(t, zone);
                csv.plain("x");
                csv.endRecord();
                expected.append(IsoTimes.format(t, zone)).append(",x\r\n");
            }
        }
        csv.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
