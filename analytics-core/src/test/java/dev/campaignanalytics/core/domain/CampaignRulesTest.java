package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.campaignanalytics.core.domain.Violations.fieldsRefusedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CampaignRulesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private static Campaign campaign(String name, String templateType) {
        return new Campaign(CampaignId.random(), name, templateType, true, NOW, NOW);
    }

    @Test
    void nameOfOneToTwoHundredCharactersIsAccepted() {
        assertThat(campaign("x", null).name()).isEqualTo("x");
        assertThat(campaign("n".repeat(200), null).name()).hasSize(200);
    }

    @Test
    void nameIsRequired() {
        assertThat(fieldsRefusedBy(() -> campaign(null, null))).containsExactly("campaign_name");
    }

    @Test
    void emptyOrBlankNameIsRefused() {
        assertThat(fieldsRefusedBy(() -> campaign("", null))).containsExactly("campaign_name");
        assertThat(fieldsRefusedBy(() -> campaign(" \t ", null))).containsExactly("campaign_name");
    }

    @Test
    void nameLongerThanTwoHundredCharactersIsRefused() {
        assertThat(fieldsRefusedBy(() -> campaign("n".repeat(201), null))).containsExactly("campaign_name");
    }

    @Test
    void templateTypeIsOptionalAndAtMostFiftyCharacters() {
        assertThatCode(() -> campaign("c", null)).doesNotThrowAnyException();
        assertThat(campaign("c", "t".repeat(50)).templateType()).hasSize(50);
        assertThat(fieldsRefusedBy(() -> campaign("c", "t".repeat(51)))).containsExactly("template_type");
    }

    @Test
    void everyBrokenRuleIsNamedAtOnce() {
        assertThat(fieldsRefusedBy(() -> campaign(" ", "t".repeat(51))))
                .containsExactlyInAnyOrder("campaign_name", "template_type");
    }
}
