package dev.campaignanalytics.core.domain;

import java.util.Locale;

/** The file formats a report can be exported in. */
public enum ExportFormat {
    /** Comma-separated values (RFC 4180), UTF-8: one table. */
    CSV("csv"),
    /** An Excel workbook (Office Open XML): typed cells, several sheets. */
    EXCEL("xlsx");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot: {@code csv} or {@code xlsx}. */
    public String extension() {
        return extension;
    }

    /** The name used on the wire: {@code csv|excel}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidInputException naming {@code field} when the text is not {@code csv} or {@code excel} */
    public static ExportFormat parse(String field, String text) {
        for (ExportFormat f : values()) {
            if (f.wireName().equals(text)) {
                return f;
            }
        }
        throw new InvalidInputException(field, "must be one of csv, excel");
    }
}
