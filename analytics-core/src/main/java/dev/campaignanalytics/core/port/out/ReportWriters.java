package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.ExportFormat;

import java.io.OutputStream;

/** Opens a {@link ReportWriter} of a file format on an output stream. */
public interface ReportWriters {
    /**
     * A writer that writes the document to {@code out} (which it never closes).
     *
     * @param format CSV or Excel
     * @param out where the document is written; never closed by the writer
     * @return a writer for one document
     */
    ReportWriter open(ExportFormat format, OutputStream out);
}
