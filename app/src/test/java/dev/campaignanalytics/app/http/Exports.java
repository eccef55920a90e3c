package dev.campaignanalytics.app.http;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads exports from the test server and reads them back: CSV with commons-csv, Excel with POI. Expected rows
 * are lists of typed values ({@link String}, {@link Long}, {@link BigDecimal}, {@link LocalDate},
 * {@link ZonedDateTime}, {@link Boolean}, {@code null} for an empty cell), turned into what each format must show.
 */
final class Exports {
    static final String PATH = "/v1/marketing/admin/analytics/export";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Exports() {
    }

    /** An answer with its body as bytes. */
    record Download(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + (body.length < 2000 ? text() : body.length + " bytes");
        }
    }

    /** @param headers more request headers, as name, value, name, value… */
    static Download download(ApiServer api, String query, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + PATH
                        + "?" + query))
                .timeout(Duration.ofSeconds(120)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- CSV ----

    /** The records of a CSV export, header first; the file must start with the UTF-8 byte order mark. */
    static List<List<String>> csv(byte[] body) {
        if (body.length < 3 || (body[0] & 0xFF) != 0xEF || (body[1] & 0xFF) != 0xBB || (body[2] & 0xFF) != 0xBF) {
            throw new AssertionError("no UTF-8 byte order mark");
        }
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        try (CSVParser parser = CSVFormat.RFC4180.builder().get().parse(new StringReader(text))) {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                rows.add(r.toList());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a CSV field must hold for an expected value. */
    static String csvText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.toOffsetDateTime());
        }
        return value.toString();
    }

    static List<String> csvRow(List<Object> values) {
        return values.stream().map(Exports::csvText).toList();
    }

    // ---- Excel ----

    static XSSFWorkbook xlsx(byte[] body) {
        try {
            return new XSSFWorkbook(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sheet's rows, each cell as its type and shown value: {@code s:} text, {@code b:} boolean, {@code d:} a date,
     * {@code t:} a date and time, {@code n<scale>:} a number with its display format's decimals, and {@code ""} for
     * no cell. A formula cell fails.
     */
    static List<List<String>> sheet(Sheet sheet) {
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            List<String> cells = new ArrayList<>();
            int width = sheet.getRow(0).getLastCellNum();
            for (int c = 0; c < width; c++) {
                cells.add(row == null ? "" : typed(row.getCell(c)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String typed(org.apache.poi.ss.usermodel.Cell cell) {
        if (cell == null || cell.getCellType() == CellType.BLANK) {
            return "";
        }
        return switch (cell.getCellType()) {
            case STRING -> "s:" + cell.getStringCellValue();
            case BOOLEAN -> "b:" + cell.getBooleanCellValue();
            case NUMERIC -> {
                String format = cell.getCellStyle().getDataFormatString();
                double n = cell.getNumericCellValue();
                yield switch (format) {
                    case "yyyy-mm-dd" -> "d:" + cell.getLocalDateTimeCellValue().toLocalDate();
                    case "yyyy-mm-dd hh:mm:ss.000" -> "t:" + cell.getLocalDateTimeCellValue();
                    case "0" -> "n0:" + BigDecimal.valueOf(n).setScale(0, RoundingMode.UNNECESSARY);
                    case "0.00" -> "n2:" + BigDecimal.valueOf(n).setScale(2, RoundingMode.HALF_UP);
                    case "0.0000" -> "n4:" + BigDecimal.valueOf(n).setScale(4, RoundingMode.HALF_UP);
                    default -> throw new AssertionError("unexpected number format " + format);
                };
            }
            default -> throw new AssertionError("unexpected cell " + cell.getCellType() + " at "
                    + cell.getAddress());
        };
    }

    /** What an Excel cell must be for an expected value, in the form of {@link #sheet}. */
    static String xlsxCell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return "s:" + s;
        }
        if (value instanceof Boolean b) {
            return "b:" + b;
        }
        if (value instanceof LocalDate d) {
            return "d:" + d;
        }
        if (value instanceof ZonedDateTime t) {
            return "t:" + t.toLocalDateTime().truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof Long n) {
            return "n0:" + n;
        }
        if (value instanceof BigDecimal d) {
            return "n" + d.scale() + ":" + d.toPlainString();
        }
        throw new IllegalArgumentException("no expectation for " + value.getClass());
    }

    static List<String> xlsxRow(List<Object> values) {
        return values.stream().map(Exports::xlsxCell).toList();
    }

    static List<String> xlsxHeader(List<String> titles) {
        return titles.stream().map(t -> "s:" + t).toList();
    }
}
