package dev.campaignanalytics.app;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ImportProgressTest {
    @Test
    void onATerminalABarIsRedrawnInPlaceWithRateAndEtaThenEndsItsLine() {
        StringWriter text = new StringWriter();
        ImportProgress bar = ImportProgress.bar(new PrintWriter(text));
        bar.update(250, 1000, 2_500);
        bar.done(1000, 1000, 10_000);
        String out = text.toString();
        assertThat(out).startsWith("\r[#######.......................]  25%  2,500 events  ");
        assertThat(out).containsPattern("events/s  ETA \\d+:\\d\\d *\r\\[#{30}] 100%  10,000 events  [\\d,]+ events/s  "
                + "took \\d+:\\d\\d *\n$");
        assertThat(out.chars().filter(ch -> ch == '\n').count()).as("one line, redrawn").isEqualTo(1);
    }

    @Test
    void withoutATerminalALineIsPrintedAtEachTenthAndAtTheEndButNotForEveryRecord() {
        StringWriter text = new StringWriter();
        ImportProgress lines = ImportProgress.lines(new PrintWriter(text), Duration.ofHours(1));
        for (int i = 1; i <= 1000; i++) {
            lines.update(i, 1000, i);
        }
        lines.done(1000, 1000, 1000);
        assertThat(text.toString().lines().toList())
                .hasSize(10)
                .allMatch(l -> l.startsWith("progress: "))
                .first().asString().startsWith("progress: 10%  100 events");
        assertThat(text.toString().lines().toList().get(9)).startsWith("progress: 100%  1,000 events").contains("took");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void clockReadsMinutesAndSecondsAndHoursWhenThereAreAny() {
        assertThat(ImportProgress.clock(45)).isEqualTo("0:45");
        assertThat(ImportProgress.clock(3725)).isEqualTo("1:02:05");
    }
}
