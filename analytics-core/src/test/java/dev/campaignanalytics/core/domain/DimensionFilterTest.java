package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

class DimensionFilterTest {
    private static final Dimensions VIP_EMAIL_MOBILE = new Dimensions("vip", "email", "mobile");

    @Test
    void emptyFilterMatchesEveryEvent() {
        DimensionFilter none = DimensionFilter.of(null, null, null);

        assertThat(none.isEmpty()).isTrue();
        assertThat(none).isEqualTo(DimensionFilter.NONE);
        assertThat(none.matches(VIP_EMAIL_MOBILE)).isTrue();
        assertThat(none.matches(Dimensions.NONE)).isTrue();
    }

    @Test
    void filterMatchesOnlyTheExactValue() {
        DimensionFilter email = DimensionFilter.of(null, "email", null);

        assertThat(email.matches(VIP_EMAIL_MOBILE)).isTrue();
        assertThat(email.matches(new Dimensions(null, "social", null))).isFalse();
        assertThat(email.matches(new Dimensions(null, "Email", null))).isFalse();
        assertThat(email.matches(new Dimensions(null, "emails", null))).isFalse();
    }

    @Test
    void unknownSelectsExactlyTheEventsOfTheBreakdownsUnknownRow() {
        DimensionFilter unknown = DimensionFilter.of(null, "unknown", null);

        assertThat(unknown.selectsNoValue(Dimension.CHANNEL)).isTrue();
        assertThat(unknown.selectsNoValue(Dimension.DEVICE_TYPE)).isFalse();
        // no value, the text unknown, and blank values (stored as no value) all fall in the breakdown's unknown row
        for (Dimensions inUnknownRow : new Dimensions[] {Dimensions.NONE, new Dimensions(null, "unknown", null),
                new Dimensions(null, "", null), new Dimensions(null, " \t ", null),
                new Dimensions(null, " unknown ", null)}) {
            assertThat(Dimension.segmentOf(Dimension.CHANNEL.valueOf(inUnknownRow))).isEqualTo(Dimension.UNKNOWN);
            assertThat(unknown.matches(inUnknownRow)).as("%s", inUnknownRow).isTrue();
        }
        assertThat(unknown.matches(VIP_EMAIL_MOBILE)).isFalse();
    }

    @Test
    void valuesAreCaseSensitiveAlsoForUnknown() {
        Dimensions capitalised = new Dimensions(null, "Unknown", null);

        assertThat(Dimension.segmentOf(capitalised.channel())).isEqualTo("Unknown");
        assertThat(DimensionFilter.of(null, "unknown", null).matches(capitalised)).isFalse();
        assertThat(DimensionFilter.of(null, "Unknown", null).matches(capitalised)).isTrue();
        assertThat(DimensionFilter.of(null, "Unknown", null).selectsNoValue(Dimension.CHANNEL)).isFalse();
        assertThat(DimensionFilter.of(null, "UNKNOWN", null).matches(Dimensions.NONE)).isFalse();
    }

    @Test
    void filterValueIsReadWithoutSurroundingWhitespaceAsEventValuesAre() {
        DimensionFilter email = DimensionFilter.of(null, " email\t", null);

        assertThat(email).isEqualTo(DimensionFilter.of(null, "email", null));
        assertThat(email.matches(new Dimensions(null, "email ", null))).isTrue();
        assertThat(DimensionFilter.of(null, " unknown ", null).selectsNoValue(Dimension.CHANNEL)).isTrue();
    }

    @Test
    void emptyOrBlankFilterValueIsRefusedNamingItsDimension() {
        assertThat(fieldsRefusedBy(() -> DimensionFilter.of("", null, null))).containsExactly("audience_segment");
        assertThat(fieldsRefusedBy(() -> DimensionFilter.of(null, "   ", null))).containsExactly("channel");
        assertThat(fieldsRefusedBy(() -> DimensionFilter.of(null, null, "\t"))).containsExactly("device_type");
    }

    @Test
    void eventsWithoutAValueNeverMatchAFilterOnAValueOfThatDimension() {
        assertThat(DimensionFilter.of(null, "email", null).matches(Dimensions.NONE)).isFalse();
        assertThat(DimensionFilter.of(null, "email", null).matches(new Dimensions("vip", null, "mobile"))).isFalse();
    }

    @Test
    void everyFilteredDimensionMustMatch() {
        DimensionFilter filter = DimensionFilter.of("vip", "email", "desktop");

        assertThat(filter.matches(VIP_EMAIL_MOBILE)).isFalse();
        assertThat(filter.matches(new Dimensions("vip", "email", "desktop"))).isTrue();
        assertThat(filter.asMap()).isEqualTo(Map.of(Dimension.AUDIENCE_SEGMENT, "vip", Dimension.CHANNEL, "email",
                Dimension.DEVICE_TYPE, "desktop"));
        assertThat(filter.valueFor(Dimension.CHANNEL)).contains("email");
    }

    @Test
    void filterValueLongerThanTheDimensionAllowsIsRefused() {
        assertThat(fieldsRefusedBy(() -> DimensionFilter.of(null, "c".repeat(51), null))).containsExactly("channel");
        assertThat(fieldsRefusedBy(() -> DimensionFilter.of("a".repeat(101), null, null)))
                .containsExactly("audience_segment");
    }

    @Test
    void filtersWithTheSameValuesAreEqual() {
        assertThat(DimensionFilter.of("vip", null, null)).isEqualTo(DimensionFilter.of("vip", null, null))
                .hasSameHashCodeAs(DimensionFilter.of("vip", null, null))
                .isNotEqualTo(DimensionFilter.of(null, "vip", null));
    }
}
