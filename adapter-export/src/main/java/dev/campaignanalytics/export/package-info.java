/**
 * The export adapter: reports as CSV and Excel documents, written row by row to any output stream, behind the
 * core's {@link dev.campaignanalytics.core.port.out.ReportWriters} port. {@link dev.campaignanalytics.export.ExportFormats}
 * is the way in; the writers themselves are package-private.
 *
 * <h2>Safe to open</h2>
 * Every text cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is
 * written with a leading apostrophe ({@code '=HYPERLINK(...)}), in both formats, so that a spreadsheet never runs a
 * value someone typed as a formula. Numbers and dates are written as numbers and dates, never as text, and the
 * Excel writer never writes a formula cell.
 *
 * <h2>CSV and the byte order mark</h2>
 * CSV files are UTF-8 and start with a byte order mark (bytes {@code EF BB BF}). Excel, which most people open
 * these files with, reads a CSV without one in the computer's legacy code page (Windows-1252 in Western Europe and
 * the Americas), so a campaign or segment named {@code Café} or {@code 日本} comes out garbled; with the mark it
 * reads UTF-8. The cost falls on programs: one that does not expect the mark sees it as part of the first header
 * name ({@code "\uFEFFDate"}). Read the files with a decoder that drops it: Python's {@code encoding="utf-8-sig"},
 * Java's commons-io {@code BOMInputStream}; most CSV libraries and spreadsheet programs drop it themselves.
 */
package dev.campaignanalytics.export;
