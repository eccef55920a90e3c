package dev.campaignanalytics.export;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTimesTest {
    private static String iso(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(instant, zone));
    }

    @Test
    void writesWhatTheIsoFormatterWritesForAnyInstantAndZone() {
        List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
                ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("Australia/Eucla"),
                ZoneId.of("Pacific/Kiritimati"), ZoneId.of("America/St_Johns"), ZoneId.of("Europe/Amsterdam"));
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong() % 253_402_300_799L;
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> 500_000_000;
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            ZoneId zone = zones.get(i % zones.size());
            assertThat(IsoTimes.format(instant, zone)).as("%s in %s", instant, zone).isEqualTo(iso(instant, zone));
        }
    }

    @Test
    void showsSecondsAlwaysAndAFractionOnlyWhenThereIsOne() {
        assertThat(IsoTimes.format(Instant.parse("2025-03-10T08:30:00Z"), ZoneId.of("UTC")))
                .isEqualTo("2025-03-10T08:30:00Z");
        assertThat(IsoTimes.format(Instant.parse("2025-03-10T08:30:00.250Z"), ZoneId.of("Europe/Paris")))
                .isEqualTo("2025-03-10T09:30:00.25+01:00");
        assertThat(IsoTimes.format(Instant.parse("2025-03-10T08:30:00.000001Z"), ZoneId.of("Asia/Kathmandu")))
                .isEqualTo("2025-03-10T14:15:00.000001+05:45");
        assertThat(IsoTimes.format(Instant.parse("1890-01-01T00:00:00Z"), ZoneId.of("Europe/Amsterdam")))
                .isEqualTo(iso(Instant.parse("1890-01-01T00:00:00Z"), ZoneId.of("Europe/Amsterdam")));
    }
}
