package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountsTest {

    @Test
    void clickThroughRateIsClicksOverViewsNotOverImpressions() {
        Counts counts = new Counts(1000, 800, 1, 0);

        assertThat(counts.clickThroughRate()).isEqualTo(Rate.of(1, 800));
        assertThat(counts.clickThroughRate().percent()).isEqualTo(new BigDecimal("0.13"));
    }

    @Test
    void conversionRateIsConversionsOverClicks() {
        Counts counts = new Counts(1000, 800, 8, 1);

        assertThat(counts.conversionRate()).isEqualTo(Rate.of(1, 8));
        assertThat(counts.conversionRate().percent()).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void ctrIsUndefinedWhenThereAreNoViews() {
        assertThat(new Counts(10, 0, 3, 0).clickThroughRate().percent()).isNull();
    }

    @Test
    void conversionRateIsUndefinedWhenThereAreNoClicks() {
        assertThat(new Counts(10, 10, 0, 0).conversionRate().percent()).isNull();
    }

    @Test
    void plusAddsEachTypeToItself() {
        Counts sum = new Counts(1, 2, 3, 4).plus(new Counts(10, 20, 30, 40));

        assertThat(sum).isEqualTo(new Counts(11, 22, 33, 44));
        assertThat(sum.total()).isEqualTo(110);
    }

    @Test
    void countsOfOneTypeHoldOnlyThatType() {
        for (EventType type : EventType.values()) {
            Counts counts = Counts.of(type, 7);
            for (EventType other : EventType.values()) {
                assertThat(counts.of(other)).as("%s in counts of %s", other, type).isEqualTo(other == type ? 7 : 0);
            }
        }
    }

    @Test
    void countsAreNeverNegative() {
        assertThatThrownBy(() -> new Counts(0, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Counts.ZERO.plus(EventType.CLICK, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
