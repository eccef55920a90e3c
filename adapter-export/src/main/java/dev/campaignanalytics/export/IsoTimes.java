package dev.campaignanalytics.export;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Points in time as ISO-8601 text with the offset of a zone, exactly as
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes them ({@code 2025-03-10T09:30:00.25+01:00},
 * {@code 2025-03-10T08:30:00Z}): seconds always, a fraction only when there is one, without trailing zeros. It does
 * by hand what the formatter does generically, since an events export writes two of these per row.
 */
final class IsoTimes {
    private IsoTimes() {
    }

    static String format(Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
        int year = t.getYear();
        if (year < 0 || year > 9999 || offset.getTotalSeconds() % 60 != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(t, offset));
        }
        StringBuilder sb = new StringBuilder(35);
        digits(sb, year, 4).append('-');
        digits(sb, t.getMonthValue(), 2).append('-');
        digits(sb, t.getDayOfMonth(), 2).append('T');
        digits(sb, t.getHour(), 2).append(':');
        digits(sb, t.getMinute(), 2).append(':');
        digits(sb, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            sb.append('.');
            digits(sb, nano, width);
        }
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return sb.append('Z').toString();
        }
        sb.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        digits(sb, minutes / 60, 2).append(':');
        return digits(sb, minutes % 60, 2).toString();
    }

    /** Appends {@code value} with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
