package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Campaign listings and the pages they answer with. */
class PagingTest {

    @Test
    void listingLimitRunsFromOneToTwoHundred() {
        assertThat(new CampaignListing(null, null, 1, 0).limit()).isEqualTo(1);
        assertThat(new CampaignListing(null, null, 200, 0).limit()).isEqualTo(200);
        assertThat(fieldsRefusedBy(() -> new CampaignListing(null, null, 0, 0))).containsExactly("limit");
        assertThat(fieldsRefusedBy(() -> new CampaignListing(null, null, 201, 0))).containsExactly("limit");
    }

    @Test
    void listingOffsetIsZeroOrMore() {
        assertThat(new CampaignListing(null, null, 10, 0).offset()).isZero();
        assertThat(fieldsRefusedBy(() -> new CampaignListing(null, null, 10, -1))).containsExactly("offset");
    }

    @Test
    void listingNamesEveryBrokenRuleAtOnce() {
        assertThat(fieldsRefusedBy(() -> new CampaignListing(true, "q".repeat(201), 0, -1)))
                .containsExactlyInAnyOrder("limit", "offset", "q");
    }

    @Test
    void pageThatEndsBeforeTheTotalHasMoreAndNamesTheNextOffset() {
        Page<String> page = new Page<>(List.of("a", "b", "c"), 0, 3, 10);

        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextOffset()).isEqualTo(3);
    }

    @Test
    void pageInTheMiddleContinuesAfterItsOwnItems() {
        Page<String> page = new Page<>(List.of("d", "e"), 3, 2, 10);

        assertThat(page.nextOffset()).isEqualTo(5);
    }

    @Test
    void pageShorterThanItsLimitContinuesAfterTheItemsItHoldsNotAfterTheLimit() {
        Page<String> page = new Page<>(List.of("a", "b"), 10, 50, 100);

        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextOffset()).isEqualTo(12);
    }

    @Test
    void lastPageHasNoMoreAndNoNextOffset() {
        Page<String> page = new Page<>(List.of("i", "j"), 8, 5, 10);

        assertThat(page.hasMore()).isFalse();
        assertThat(page.nextOffset()).isNull();
    }

    @Test
    void pageThatEndsExactlyAtTheTotalHasNoMore() {
        assertThat(new Page<>(List.of("a", "b"), 0, 2, 2).hasMore()).isFalse();
    }

    @Test
    void emptyPageBeyondTheEndHasNoMore() {
        Page<String> page = new Page<>(List.of(), 50, 50, 10);

        assertThat(page.hasMore()).isFalse();
        assertThat(page.nextOffset()).isNull();
    }
}
