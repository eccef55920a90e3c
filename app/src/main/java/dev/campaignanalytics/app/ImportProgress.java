package dev.campaignanalytics.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How an import shows its progress: a bar redrawn in place on a terminal, or plain lines (for logs and pipes). The
 * share done and the ETA come from the bytes of the file read so far; the rate counts records (events) a second.
 */
abstract class ImportProgress implements FileImport.Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final LongSupplier nanos;
    private final long startedAt;

    private ImportProgress(PrintWriter out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
        this.startedAt = nanos.getAsLong();
    }

    /** A bar redrawn at most 4 times a second, ended by a line break when the import ends. */
    static ImportProgress bar(PrintWriter out) {
        return new Bar(out, System::nanoTime);
    }

    /** A line every {@code interval}, and one at each further tenth of the file, and one at the end. */
    static ImportProgress lines(PrintWriter out, Duration interval) {
        return new Lines(out, System::nanoTime, interval);
    }

    /** The bar on a terminal ({@link System#console()} present), else lines every 5 s. */
    static ImportProgress forOutput(PrintWriter out, boolean terminal) {
        return terminal ? bar(out) : lines(out, Duration.ofSeconds(5));
    }

    long elapsedNanos() {
        return nanos.getAsLong() - startedAt;
    }

    long now() {
        return nanos.getAsLong();
    }

    PrintWriter out() {
        return out;
    }

    /** "42%  420,000 events  12,300 events/s  ETA 0:45"; at the end "took 1:20" instead of the ETA. */
    String status(long bytesRead, long totalBytes, long records, boolean finished) {
        double seconds = Math.max(elapsedNanos(), 1) / 1e9;
        long rate = Math.round(records / seconds);
        String eta;
        if (!finished && (bytesRead <= 0 || totalBytes <= 0)) {
            eta = "ETA --:--";
        } else if (finished) {
            eta = "took " + clock(Math.round(seconds));
        } else if (bytesRead >= totalBytes) {
            eta = "ETA 0:00";
        } else {
            eta = "ETA " + clock(Math.round(seconds * (totalBytes - bytesRead) / bytesRead));
        }
        return String.format(Locale.ROOT, "%3d%%  %,d events  %,d events/s  %s", percent(bytesRead, totalBytes),
                records, rate, eta);
    }

    static int percent(long bytesRead, long totalBytes) {
        return totalBytes <= 0 ? 100 : (int) Math.min(100, bytesRead * 100 / totalBytes);
    }

    static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static final class Bar extends ImportProgress {
        private static final long REDRAW_NANOS = 250_000_000L;
        private long lastDrawn = Long.MIN_VALUE;
        private int lastWidth;

        Bar(PrintWriter out, LongSupplier nanos) {
            super(out, nanos);
        }

        @Override
        public void update(long bytesRead, long totalBytes, long records) {
            long now = now();
            if (lastDrawn != Long.MIN_VALUE && now - lastDrawn < REDRAW_NANOS) {
                return;
            }
            lastDrawn = now;
            draw(bytesRead, totalBytes, records, false);
        }

        @Override
        public void done(long bytesRead, long totalBytes, long records) {
            draw(bytesRead, totalBytes, records, true);
            out().println();
            out().flush();
        }

        private void draw(long bytesRead, long totalBytes, long records, boolean finished) {
            int filled = percent(bytesRead, totalBytes) * BAR_WIDTH / 100;
            String text = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                    + status(bytesRead, totalBytes, records, finished);
            // pad over the end of a longer previous text
            String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
            lastWidth = text.length();
            out().print("\r" + padded);
            out().flush();
        }
    }

    private static final class Lines extends ImportProgress {
        private final long intervalNanos;
        private long lastPrinted;
        private int lastTenth;

        Lines(PrintWriter out, LongSupplier nanos, Duration interval) {
            super(out, nanos);
            this.intervalNanos = interval.toNanos();
            this.lastPrinted = now();
        }

        @Override
        public void update(long bytesRead, long totalBytes, long records) {
            long now = now();
            int tenth = percent(bytesRead, totalBytes) / 10;
            // the whole file read is not the import done: the end is printed by done(), after the last commit
            if (tenth < 10 && (now - lastPrinted >= intervalNanos || tenth > lastTenth)) {
                lastPrinted = now;
                lastTenth = tenth;
                print(bytesRead, totalBytes, records, false);
            }
        }

        @Override
        public void done(long bytesRead, long totalBytes, long records) {
            print(bytesRead, totalBytes, records, true);
        }

        private void print(long bytesRead, long totalBytes, long records, boolean finished) {
            out().println("progress: " + status(bytesRead, totalBytes, records, finished).strip());
            out().flush();
        }
    }
}
