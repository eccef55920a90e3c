package dev.campaignanalytics.core.internal;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.UpdateCampaignCommand;
import dev.campaignanalytics.core.port.out.InMemoryCampaignCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignServiceTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryCampaignCatalog catalog = new InMemoryCampaignCatalog();
    private final CampaignService service = new CampaignService(catalog, clock);

    @Test
    void createdCampaignIsActiveByDefaultAndCreatedAndUpdatedNow() {
        Campaign c = service.create(new CreateCampaignCommand("Spring sale", "banner", null));

        assertThat(c.name()).isEqualTo("Spring sale");
        assertThat(c.templateType()).isEqualTo("banner");
        assertThat(c.active()).isTrue();
        assertThat(c.createdAt()).isEqualTo(T0);
        assertThat(c.updatedAt()).isEqualTo(T0);
        assertThat(catalog.find(c.id())).contains(c);
    }

    @Test
    void createdCampaignCanStartInactive() {
        assertThat(service.create(new CreateCampaignCommand("Paused", null, false)).active()).isFalse();
    }

    @Test
    void timesAreCutToMicroseconds() {
        clock.set(Instant.parse("2024-05-01T10:00:00.123456789Z"));

        Campaign c = service.create(new CreateCampaignCommand("c", null, null));

        assertThat(c.createdAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456Z"));
    }

    @Test
    void eachCreatedCampaignGetsItsOwnId() {
        Campaign a = service.create(new CreateCampaignCommand("a", null, null));
        Campaign b = service.create(new CreateCampaignCommand("b", null, null));

        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void getFindsTheCampaign() {
        Campaign c = service.create(new CreateCampaignCommand("c", null, null));

        assertThat(service.get(c.id())).isEqualTo(c);
    }

    @Test
    void getOfAnUnknownIdThrowsNotFoundNamingIt() {
        CampaignId unknown = CampaignId.random();

        assertThatThrownBy(() -> service.get(unknown))
                .isInstanceOfSatisfying(CampaignNotFoundException.class,
                        e -> assertThat(e.campaignId()).isEqualTo(unknown));
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndMovesUpdatedAt() {
        Campaign c = service.create(new CreateCampaignCommand("Old name", "banner", false));
        clock.advance(Duration.ofMinutes(5));

        Campaign changed = service.update(new UpdateCampaignCommand(c.id(), "New name", null, null));

        assertThat(changed.name()).isEqualTo("New name");
        assertThat(changed.templateType()).isEqualTo("banner");
        assertThat(changed.active()).isFalse();
        assertThat(changed.createdAt()).isEqualTo(T0);
        assertThat(changed.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(catalog.find(c.id())).contains(changed);
    }

    @Test
    void updateOfActiveAloneKeepsNameAndTemplate() {
        Campaign c = service.create(new CreateCampaignCommand("Name", "banner", true));

        Campaign changed = service.update(new UpdateCampaignCommand(c.id(), null, null, false));

        assertThat(changed.active()).isFalse();
        assertThat(changed.name()).isEqualTo("Name");
        assertThat(changed.templateType()).isEqualTo("banner");
    }

    @Test
    void emptyTemplateTypeClearsIt() {
        Campaign c = service.create(new CreateCampaignCommand("c", "banner", null));

        Campaign changed = service.update(new UpdateCampaignCommand(c.id(), null, Optional.empty(), null));

        assertThat(changed.templateType()).isNull();
        assertThat(catalog.find(c.id()).orElseThrow().templateType()).isNull();
    }

    @Test
    void givenTemplateTypeReplacesIt() {
        Campaign c = service.create(new CreateCampaignCommand("c", "banner", null));

        assertThat(service.update(new UpdateCampaignCommand(c.id(), null, Optional.of("video"), null)).templateType())
                .isEqualTo("video");
    }

    @Test
    void updateWithinTheSameMicrosecondStillMovesUpdatedAtForward() {
        Campaign c = service.create(new CreateCampaignCommand("c", null, null));

        Campaign changed = service.update(new UpdateCampaignCommand(c.id(), "d", null, null));

        assertThat(changed.updatedAt()).isAfter(c.updatedAt());
        assertThat(changed.createdAt()).isEqualTo(c.createdAt());
    }

    @Test
    void updateOfAnUnknownIdThrowsNotFoundAndStoresNothing() {
        CampaignId unknown = CampaignId.random();

        assertThatThrownBy(() -> service.update(new UpdateCampaignCommand(unknown, "x", null, null)))
                .isInstanceOfSatisfying(CampaignNotFoundException.class,
                        e -> assertThat(e.campaignId()).isEqualTo(unknown));
        assertThat(catalog.find(unknown)).isEmpty();
    }

    @Test
    void listAnswersNewestFirstWithPaging() {
        Campaign first = service.create(new CreateCampaignCommand("First", null, null));
        clock.advance(Duration.ofSeconds(1));
        Campaign second = service.create(new CreateCampaignCommand("Second", null, false));
        clock.advance(Duration.ofSeconds(1));
        Campaign third = service.create(new CreateCampaignCommand("Third", null, null));

        Page<Campaign> page = service.list(new CampaignListing(null, null, 2, 0));

        assertThat(page.items()).containsExactly(third, second);
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.nextOffset()).isEqualTo(2);
        assertThat(service.list(new CampaignListing(true, null, 10, 0)).items()).containsExactly(third, first);
        assertThat(service.list(new CampaignListing(null, "SEC", 10, 0)).items()).containsExactly(second);
    }
}
