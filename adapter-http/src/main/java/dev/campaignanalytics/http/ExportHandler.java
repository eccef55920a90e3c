package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.port.in.ExportUseCase;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ExportUseCase.PreparedExport;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;

/**
 * {@code GET /admin/analytics/export}: a report as a CSV or Excel download (parameters: {@link ExportParams}).
 *
 * <p>The answer is streamed: rows go to the response as they are read, through Jetty's bounded response buffer,
 * never gathered in memory first. Every client mistake and unknown campaign is found before the first byte, so it
 * is answered as usual (400, 404). A failure after the download began (the client went away, the database failed)
 * can no longer change the status: the response is then aborted, so that the client sees a broken transfer rather
 * than a complete-looking truncated file. Whatever the export held (database connection, temporary files) is
 * released either way, as soon as the failure is seen: for CSV, which is written while the rows are read, at the
 * next write after the client left; for Excel, whose file is written once all rows are in, at the latest when the
 * writing of the file starts.
 *
 * <p>CSV goes through Javalin's compression, so a client that accepts gzip gets it; an Excel file is already a zip
 * and goes out as it is.
 */
final class ExportHandler {
    static final String CSV_TYPE = "text/csv; charset=utf-8";
    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);

    private final ExportUseCase exports;
    private final ZoneId defaultZone;

    /** @param defaultZone the zone of an export whose request names none, the same as the report routes' */
    ExportHandler(ExportUseCase exports, ZoneId defaultZone) {
        this.exports = exports;
        this.defaultZone = defaultZone;
    }

    void handle(Context ctx) throws Exception {
        ExportQuery query = ExportParams.parse(ctx::queryParams, defaultZone);
        PreparedExport export = exports.prepare(query);
        ctx.status(200);
        ctx.contentType(export.format() == ExportFormat.CSV ? CSV_TYPE : XLSX_TYPE);
        ctx.header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        ctx.header("Cache-Control", "no-store");
        HttpServletResponse response = ctx.res();
        Counting out = new Counting(export.format() == ExportFormat.CSV ? ctx.outputStream()
                : response.getOutputStream());
        try {
            long rows = export.writeTo(out);
            LOG.debug("exported {} rows as {}", rows, export.fileName());
        } catch (Exception e) {
            if (out.bytes == 0 && !response.isCommitted()) {
                // Nothing was written: forget the download's headers and answer with the error instead.
                response.reset();
                throw e;
            }
            if (e instanceof IOException) {
                LOG.debug("export {} ended early, the client went away: {}", export.fileName(), e.toString());
            } else {
                LOG.warn("export {} failed part-way; aborting the download", export.fileName(), e);
            }
            abort(ctx);
        }
    }

    /**
     * Closes the connection without ending the response (no last chunk), so that the client cannot take a part for
     * the whole. Jetty's own abort would leave the request in a state that Javalin's completion then trips over.
     */
    private static void abort(Context ctx) {
        ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().getEndPoint().close();
    }

    /** The response stream, counting what went into it. */
    private static final class Counting extends FilterOutputStream {
        private long bytes;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            bytes++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            out.write(b, off, len);
        }
    }
}
