package dev.campaignanalytics.core.port.out;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Writes a report, as it is produced, into one document of a file format.
 *
 * <p>A document holds one <em>data table</em> (the rows of the report), begun first, and then any number of
 * <em>supplementary tables</em> (such as a summary). A format that holds a single table, like CSV, writes the data
 * table only and skips the supplements; a format with a row limit per sheet continues the data table on further
 * sheets. Every row goes to the table begun last and has one cell per header column.
 *
 * <p>Rows are written as they come: a writer holds a bounded number of them in memory, whatever their count.
 * {@link #finish()} completes the document; {@link #close()} always releases what the writer holds (buffers,
 * temporary files), and when called without {@code finish()} (after a failure) it leaves the document incomplete
 * rather than making a truncated one look whole. Neither closes the output stream the writer was opened on.
 */
public interface ReportWriter extends Closeable {

    /**
     * Begins the data table.
     *
     * @param name   the table's name (a sheet name), at most 31 characters
     * @param header the column titles, in order
     * @throws IOException when writing to the output fails
     * @throws IllegalStateException when a table was begun already
     */
    void beginTable(String name, List<String> header) throws IOException;

    /**
     * Begins a supplementary table after the data table.
     *
     * @param name the table's name (a sheet name), at most 31 characters
     * @param header the column titles, in order
     * @throws IOException when writing to the output fails
     * @throws IllegalStateException when the data table was not begun yet
     */
    void beginSupplement(String name, List<String> header) throws IOException;

    /**
     * Adds a row to the table begun last.
     *
     * @param cells one cell per header column, in order
     * @throws IOException when writing to the output fails
     * @throws IllegalArgumentException when the row has not one cell per header column
     */
    void row(List<Cell> cells) throws IOException;

    /**
     * Completes the document and flushes it to the output.
     *
     * @throws IOException when writing to the output fails
     */
    void finish() throws IOException;

    /** Releases everything the writer holds; idempotent. */
    @Override
    void close() throws IOException;
}
