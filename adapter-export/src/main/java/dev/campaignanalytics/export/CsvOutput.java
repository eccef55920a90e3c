package dev.campaignanalytics.export;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * CSV fields written straight as UTF-8 into a byte buffer of its own, then in large blocks to the output stream.
 * An events export writes 15 fields per row, millions of rows: this is the whole of its formatting work, so it makes
 * no object per field.
 *
 * <p>The rules are RFC 4180 exactly as commons-csv's {@code RFC4180} format prints them (its "minimal" quoting; the
 * tests compare the bytes with commons-csv's): fields are separated by commas and records end with CRLF; a field is
 * put in double quotes, with the quotes inside doubled, when it holds a comma, a quote, a CR or an LF, when it starts
 * with a character up to {@code #} (space, control characters, {@code !"#}) or ends with one up to a space, and when
 * it is empty and the first of its record (so that a record of one empty field is not an empty line). Text is
 * encoded as {@link String#getBytes} encodes UTF-8: a surrogate pair as 4 bytes, a lone surrogate as {@code ?}.
 *
 * <p>Not thread-safe. Nothing reaches the stream until the buffer is full or {@link #flush()} is called.
 */
final class CsvOutput {
    static final int SIZE = 64 * 1024;
    /** Bits of the ASCII characters below 64 that make a field need quotes anywhere in it: LF, CR, {@code "} and comma. */
    private static final long QUOTED_INSIDE = (1L << '\n') | (1L << '\r') | (1L << '"') | (1L << ',');

    private static final long FIRST_DAY_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long FIRST_DAY_OF_YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay();

    private final OutputStream out;
    private byte[] buffer = new byte[SIZE];
    private int used;
    private boolean recordStart = true;

    // The moment cache: the offset of the last zone between two of its transitions, and the text of the last day.
    private ZoneId zone;
    private ZoneRules rules;
    private long offsetFrom = Long.MAX_VALUE;
    private long offsetUntil = Long.MIN_VALUE;
    private int offsetSeconds;
    private final byte[] offsetText = new byte[6];
    private int offsetLength;
    private long day = Long.MIN_VALUE;
    private final byte[] dayText = new byte[11];

    CsvOutput(OutputStream out) {
        this.out = out;
    }

    /** The UTF-8 byte order mark, {@code EF BB BF}. */
    void byteOrderMark() throws IOException {
        room(3);
        buffer[used++] = (byte) 0xEF;
        buffer[used++] = (byte) 0xBB;
        buffer[used++] = (byte) 0xBF;
    }

    /**
     * A text field given by someone, with a leading apostrophe when it starts like a formula (see
     * {@link FormulaGuard}).
     */
    void text(String text) throws IOException {
        field(text, FormulaGuard.startsLikeAFormula(text));
    }

    /** A field written as it is: a number, a date, a flag. */
    void plain(String text) throws IOException {
        field(text, false);
    }

    /** An empty field. */
    void empty() throws IOException {
        field("", false);
    }

    /** Ends the record with CRLF. */
    void endRecord() throws IOException {
        room(2);
        buffer[used++] = '\r';
        buffer[used++] = '\n';
        recordStart = true;
    }

    /**
     * A point in time as ISO-8601 with the offset of {@code zone}, as {@link IsoTimes#format} writes it. Consecutive
     * times mostly fall between the same two transitions of the zone and on the same day, so the offset and the date
     * are worked out again only when that changes.
     */
    void moment(Instant instant, ZoneId zone) throws IOException {
        long second = instant.getEpochSecond();
        if (zone != this.zone || second < offsetFrom || second >= offsetUntil) {
            if (!offsetAt(instant, zone)) {
                plain(IsoTimes.format(instant, zone));
                return;
            }
        }
        long local = second + offsetSeconds;
        long localDay = Math.floorDiv(local, 86_400);
        if (localDay != day && !dayText(localDay)) {
            plain(IsoTimes.format(instant, zone));
            return;
        }
        separate();
        recordStart = false;
        room(36);
        byte[] b = buffer;
        int p = used;
        System.arraycopy(dayText, 0, b, p, 11);
        p += 11;
        int secondOfDay = (int) (local - localDay * 86_400);
        p = twoDigits(b, p, secondOfDay / 3600);
        b[p++] = ':';
        p = twoDigits(b, p, secondOfDay / 60 % 60);
        b[p++] = ':';
        p = twoDigits(b, p, secondOfDay % 60);
        int nano = instant.getNano();
        if (nano != 0) {
            b[p++] = '.';
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            for (int i = width - 1; i >= 0; i--) {
                b[p + i] = (byte) ('0' + nano % 10);
                nano /= 10;
            }
            p += width;
        }
        System.arraycopy(offsetText, 0, b, p, offsetLength);
        used = p + offsetLength;
    }

    /** Writes what is buffered and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Drops the buffer; what was not flushed is not written. */
    void discard() {
        buffer = null;
        used = 0;
    }

    private void field(String text, boolean apostrophe) throws IOException {
        separate();
        int length = text.length();
        if (length == 0) {
            if (recordStart) {
                room(2);
                buffer[used++] = '"';
                buffer[used++] = '"';
            }
            recordStart = false;
            return;
        }
        recordStart = false;
        // At most 3 bytes per char (a surrogate pair: 4 bytes for 2 chars), quotes doubled (2 bytes for 1),
        // an apostrophe and the two enclosing quotes.
        room(3 * length + 3);
        int start = used;
        int p = start;
        byte[] b = buffer;
        boolean quote = !apostrophe && text.charAt(0) <= '#';
        int quotes = 0;
        if (apostrophe) {
            b[p++] = '\'';
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c < 64 && ((QUOTED_INSIDE >>> c) & 1) != 0) {
                    quote = true;
                    if (c == '"') {
                        quotes++;
                    }
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                char low;
                if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(low = text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, low);
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                    i++;
                } else {
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (!quote && text.charAt(length - 1) <= ' ') {
            quote = true;
        }
        if (quote) {
            p = quoteInPlace(b, start, p, quotes);
        }
        used = p;
    }

    /**
     * Encloses the field's bytes {@code [start, end)}, which hold {@code quotes} quotes, in quotes, doubling those
     * inside; answers the new end. There is room: {@link #field} asked for the worst case.
     */
    private static int quoteInPlace(byte[] b, int start, int end, int quotes) {
        int newEnd = end + quotes + 2;
        b[newEnd - 1] = '"';
        // From the end, doubling each quote, until the last one is doubled; what comes before only moves by one.
        int to = newEnd - 2;
        int i = end - 1;
        for (int left = quotes; left > 0; i--) {
            byte c = b[i];
            b[to--] = c;
            if (c == '"') {
                b[to--] = '"';
                left--;
            }
        }
        System.arraycopy(b, start, b, start + 1, i - start + 1);
        b[start] = '"';
        return newEnd;
    }

    private void separate() throws IOException {
        if (!recordStart) {
            room(1);
            buffer[used++] = ',';
        }
    }

    /**
     * Makes room for {@code bytes} more, writing out what is buffered when needed; a field too long for the buffer
     * (over ~21,000 chars) gets a larger one until the next drain.
     */
    private void room(int bytes) throws IOException {
        if (used + bytes > buffer.length) {
            drain();
            if (bytes > buffer.length) {
                buffer = new byte[bytes];
            }
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
        if (buffer.length > SIZE) {
            buffer = new byte[SIZE];
        }
    }

    /**
     * Finds the offset of {@code zone} at {@code instant} and until when it holds; false when the fast path does not
     * apply (an offset with seconds, as some zones had before 1900), and {@link IsoTimes} writes the time instead.
     */
    private boolean offsetAt(Instant instant, ZoneId zone) {
        if (zone != this.zone) {
            this.zone = zone;
            this.rules = zone.getRules();
            day = Long.MIN_VALUE;
        }
        ZoneOffset offset = rules.getOffset(instant);
        int seconds = offset.getTotalSeconds();
        if (seconds % 60 != 0) {
            offsetFrom = Long.MAX_VALUE;
            offsetUntil = Long.MIN_VALUE;
            return false;
        }
        ZoneOffsetTransition next = rules.isFixedOffset() ? null : rules.nextTransition(instant);
        // The offset holds from this instant's second (a transition falls on a whole second, and one at this very
        // second is already behind it) until the next transition.
        offsetFrom = rules.isFixedOffset() ? Long.MIN_VALUE : instant.getEpochSecond();
        offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        offsetSeconds = seconds;
        if (seconds == 0) {
            offsetText[0] = 'Z';
            offsetLength = 1;
        } else {
            int minutes = Math.abs(seconds) / 60;
            offsetText[0] = (byte) (seconds < 0 ? '-' : '+');
            twoDigits(offsetText, 1, minutes / 60);
            offsetText[3] = ':';
            twoDigits(offsetText, 4, minutes % 60);
            offsetLength = 6;
        }
        return true;
    }

    /** Sets the text of a local day, {@code yyyy-MM-ddT}; false outside the years 0 to 9999. */
    private boolean dayText(long epochDay) {
        if (epochDay < FIRST_DAY_OF_YEAR_0 || epochDay >= FIRST_DAY_OF_YEAR_10000) {
            return false;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        dayText[0] = (byte) ('0' + year / 1000);
        dayText[1] = (byte) ('0' + year / 100 % 10);
        dayText[2] = (byte) ('0' + year / 10 % 10);
        dayText[3] = (byte) ('0' + year % 10);
        dayText[4] = '-';
        twoDigits(dayText, 5, date.getMonthValue());
        dayText[7] = '-';
        twoDigits(dayText, 8, date.getDayOfMonth());
        dayText[10] = 'T';
        day = epochDay;
        return true;
    }

    private static int twoDigits(byte[] b, int p, int value) {
        b[p] = (byte) ('0' + value / 10);
        b[p + 1] = (byte) ('0' + value % 10);
        return p + 2;
    }

}
