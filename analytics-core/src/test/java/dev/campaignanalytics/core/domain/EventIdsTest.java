package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00.123Z");

    @Test
    void idsAreVersion7WithTheRfcVariant() {
        UUID id = EventIds.next(T).value();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void theLeading48BitsAreTheUnixTimeInMilliseconds() {
        UUID id = EventIds.next(T).value();

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T.toEpochMilli());
        assertThat(id.toString()).startsWith(String.format("%08x-%04x", T.toEpochMilli() >>> 16,
                T.toEpochMilli() & 0xFFFF));
    }

    @Test
    void idsMadeLaterSortLaterAsUuidsAndAsText() {
        List<UUID> ids = new ArrayList<>();
        for (int ms = 0; ms < 50; ms++) {
            ids.add(EventIds.next(T.plusMillis(ms * 37L)).value());
        }

        assertThat(ids).isSorted();
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int n = 0; n < 1000; n++) {
            ids.add(EventIds.next(T).value());
        }

        assertThat(ids).hasSize(1000);
    }
}
