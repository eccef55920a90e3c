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

    /** {@return the file name extension, without the dot: {@code csv} or {@code xlsx}} */
    public String extension() {
        return extension;
    }

    /** {@return the name used on the wire: {@code csv|excel}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param field the request field named in the error, e.g. {@code format}
     * @param text the wire name to read
     * @return the format the text names
     * @throws InvalidInputException naming {@code field} when the text is not {@code csv} or {@code excel}
     */
    public static ExportFormat parse(String field, String text) {
        for (ExportFormat f : values()) {
            if (f.wireName().equals(text)) {
                return f;
            }
        }
        throw new InvalidInputException(field, "must be one of csv, excel");
    }
}
