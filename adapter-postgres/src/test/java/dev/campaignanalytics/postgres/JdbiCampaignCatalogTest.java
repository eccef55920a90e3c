package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static org.assertj.core.api.Assertions.assertThat;

class JdbiCampaignCatalogTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private CampaignCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = db.adapters().campaignCatalog();
    }

    @Test
    void addedCampaignIsFoundWithAllItsFields() {
        Instant created = Instant.parse("2025-01-02T03:04:05.123456Z");
        Campaign c = new Campaign(CampaignId.random(), "Spring sale", "banner", false, created,
                created.plusSeconds(60));

        catalog.add(c);

        assertThat(catalog.find(c.id())).contains(c);
    }

    @Test
    void campaignWithoutTemplateTypeKeepsItAbsent() {
        Campaign c = campaign("No template");

        catalog.add(c);

        assertThat(catalog.find(c.id()).orElseThrow().templateType()).isNull();
    }

    @Test
    void unknownCampaignIsNotFound() {
        assertThat(catalog.find(CampaignId.random())).isEmpty();
    }

    @Test
    void findAllReturnsOnlyTheCampaignsThatExist() {
        Campaign a = campaign("A");
        Campaign b = campaign("B");
        catalog.add(a);
        catalog.add(b);
        CampaignId missing = CampaignId.random();

        Map<CampaignId, Campaign> found = catalog.findAll(List.of(a.id(), missing, b.id(), a.id()));

        assertThat(found).containsOnly(Map.entry(a.id(), a), Map.entry(b.id(), b));
    }

    @Test
    void existingNamesOnlyTheCampaignsThatExistAlsoWhenAskedAgainAndAfterOneIsAdded() {
        Campaign a = campaign("A");
        Campaign later = campaign("Later");
        catalog.add(a);
        CampaignId missing = CampaignId.random();

        assertThat(catalog.existing(List.of(a.id(), missing, later.id(), a.id()))).containsOnly(a.id());
        assertThat(catalog.existing(List.of(a.id()))).containsOnly(a.id());
        catalog.add(later);
        assertThat(catalog.existing(List.of(a.id(), missing, later.id()))).containsOnly(a.id(), later.id());
    }

    @Test
    void findAllOfNoIdsFindsNothing() {
        assertThat(catalog.findAll(List.of())).isEmpty();
    }

    @Test
    void updateReplacesTheFieldsOfAKeptCampaign() {
        Campaign c = new Campaign(CampaignId.random(), "Old", "banner", true, T0, T0);
        catalog.add(c);
        Campaign changed = new Campaign(c.id(), "New", null, false, T0, T0.plus(5, ChronoUnit.MINUTES));

        boolean updated = catalog.update(changed);

        assertThat(updated).isTrue();
        assertThat(catalog.find(c.id())).contains(changed);
    }

    @Test
    void reportReadShowsAnUpdateThroughTheSameCatalogAtOnce() {
        AtomicLong nanos = new AtomicLong();
        JdbiCampaignCatalog server = catalogWithClock(nanos);
        Campaign c = new Campaign(CampaignId.random(), "Old", "banner", true, T0, T0);
        server.add(c);
        assertThat(server.findForReport(c.id())).contains(c);
        assertThat(server.findAllForReport(List.of(c.id()))).containsOnly(Map.entry(c.id(), c));
        Campaign changed = new Campaign(c.id(), "New", null, false, T0, T0.plus(5, ChronoUnit.MINUTES));

        server.update(changed);

        assertThat(server.findForReport(c.id())).contains(changed);
        assertThat(server.findAllForReport(List.of(c.id()))).containsOnly(Map.entry(c.id(), changed));
    }

    @Test
    void reportReadShowsAnUpdateThroughAnotherServerWithinItsMemoryTime() {
        AtomicLong nanos = new AtomicLong();
        JdbiCampaignCatalog server = catalogWithClock(nanos);
        JdbiCampaignCatalog otherServer = catalogWithClock(new AtomicLong());
        Campaign c = new Campaign(CampaignId.random(), "Old", "banner", true, T0, T0);
        server.add(c);
        assertThat(server.findForReport(c.id())).contains(c);
        Campaign changed = new Campaign(c.id(), "New", "video", false, T0, T0.plus(5, ChronoUnit.MINUTES));

        otherServer.update(changed);

        assertThat(server.find(c.id())).as("management reads are always current").contains(changed);
        nanos.addAndGet(JdbiCampaignCatalog.REPORT_MEMORY.toNanos() - 1);
        assertThat(server.findForReport(c.id())).as("still remembered").contains(c);
        nanos.addAndGet(1);
        assertThat(server.findForReport(c.id())).contains(changed);
        assertThat(server.findAllForReport(List.of(c.id()))).containsOnly(Map.entry(c.id(), changed));
    }

    @Test
    void reportReadOfAnUnknownCampaignIsNotRememberedSoItIsFoundOnceCreatedElsewhere() {
        JdbiCampaignCatalog server = catalogWithClock(new AtomicLong());
        JdbiCampaignCatalog otherServer = catalogWithClock(new AtomicLong());
        Campaign c = campaign("Created elsewhere");
        assertThat(server.findForReport(c.id())).isEmpty();
        assertThat(server.findAllForReport(List.of(c.id()))).isEmpty();

        otherServer.add(c);

        assertThat(server.findForReport(c.id())).contains(c);
    }

    @Test
    void reportReadOfManyMixesRememberedAndStoredCampaignsAndLeavesOutUnknownOnes() {
        JdbiCampaignCatalog server = catalogWithClock(new AtomicLong());
        Campaign a = campaign("A");
        Campaign b = campaign("B");
        server.add(a);
        server.add(b);
        assertThat(server.findForReport(a.id())).contains(a);
        CampaignId missing = CampaignId.random();

        Map<CampaignId, Campaign> found = server.findAllForReport(List.of(a.id(), missing, b.id(), a.id()));

        assertThat(found).containsOnly(Map.entry(a.id(), a), Map.entry(b.id(), b));
    }

    private static JdbiCampaignCatalog catalogWithClock(AtomicLong nanos) {
        return new JdbiCampaignCatalog(Jdbi.create(db.dataSource()).installPlugin(new PostgresPlugin()),
                JdbiCampaignCatalog.REPORT_MEMORY, nanos::get);
    }

    @Test
    void updateOfAnUnknownCampaignReportsFalseAndKeepsNothing() {
        Campaign ghost = campaign("Ghost");

        assertThat(catalog.update(ghost)).isFalse();
        assertThat(catalog.find(ghost.id())).isEmpty();
    }

    @Test
    void listShowsNewestFirstAndBreaksTiesByIdDescending() {
        Campaign oldest = campaign("oldest", T0);
        Campaign newest = campaign("newest", T0.plusSeconds(120));
        List<Campaign> sameTime = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sameTime.add(campaign("same " + i, T0.plusSeconds(60)));
        }
        catalog.add(oldest);
        sameTime.forEach(catalog::add);
        catalog.add(newest);
        // PostgreSQL orders uuids by their bytes, as their lower-case text sorts.
        List<Campaign> sameTimeByIdDesc = sameTime.stream()
                .sorted(Comparator.comparing((Campaign c) -> c.id().value().toString()).reversed())
                .toList();

        Page<Campaign> page = catalog.list(new CampaignListing(null, null, 50, 0));

        List<Campaign> expected = new ArrayList<>();
        expected.add(newest);
        expected.addAll(sameTimeByIdDesc);
        expected.add(oldest);
        assertThat(page.items()).containsExactlyElementsOf(expected);
        assertThat(page.total()).isEqualTo(6);
    }

    @Test
    void listPagesThroughAllMatchingCampaignsWithTheirTotal() {
        List<Campaign> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Campaign c = campaign("c" + i, T0.plusSeconds(i));
            catalog.add(c);
            newestFirst.add(0, c);
        }

        Page<Campaign> first = catalog.list(new CampaignListing(null, null, 2, 0));
        Page<Campaign> second = catalog.list(new CampaignListing(null, null, 2, 2));
        Page<Campaign> last = catalog.list(new CampaignListing(null, null, 2, 4));
        Page<Campaign> beyond = catalog.list(new CampaignListing(null, null, 2, 10));

        assertThat(first.items()).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(second.items()).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(last.items()).containsExactlyElementsOf(newestFirst.subList(4, 5));
        assertThat(List.of(first, second, last, beyond)).allSatisfy(p -> assertThat(p.total()).isEqualTo(5));
        assertThat(first.offset()).isZero();
        assertThat(second.offset()).isEqualTo(2);
        assertThat(second.limit()).isEqualTo(2);
        assertThat(last.hasMore()).isFalse();
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void listFiltersByTheActiveFlag() {
        Campaign running = campaign("running");
        Campaign stopped = new Campaign(CampaignId.random(), "stopped", null, false, T0, T0);
        catalog.add(running);
        catalog.add(stopped);

        Page<Campaign> active = catalog.list(new CampaignListing(true, null, 50, 0));
        Page<Campaign> inactive = catalog.list(new CampaignListing(false, null, 50, 0));

        assertThat(active.items()).containsExactly(running);
        assertThat(active.total()).isEqualTo(1);
        assertThat(inactive.items()).containsExactly(stopped);
        assertThat(inactive.total()).isEqualTo(1);
    }

    @Test
    void listFindsNamesContainingTheTextIgnoringCase() {
        Campaign summer = campaign("Summer SALE 2025", T0.plusSeconds(2));
        Campaign wholesale = campaign("wholesale", T0.plusSeconds(1));
        Campaign other = campaign("Winter", T0);
        Campaign umlaut = campaign("ÄRGER vermeiden", T0.plusSeconds(3));
        List.of(summer, wholesale, other, umlaut).forEach(catalog::add);

        Page<Campaign> sale = catalog.list(new CampaignListing(null, "sale", 50, 0));
        Page<Campaign> arger = catalog.list(new CampaignListing(null, "ärger", 50, 0));

        assertThat(sale.items()).containsExactly(summer, wholesale);
        assertThat(sale.total()).isEqualTo(2);
        assertThat(arger.items()).containsExactly(umlaut);
    }

    @Test
    void listCombinesTheNameAndActiveFilters() {
        Campaign activeSale = campaign("Sale A", T0.plusSeconds(1));
        Campaign inactiveSale = new Campaign(CampaignId.random(), "Sale B", null, false, T0, T0);
        catalog.add(activeSale);
        catalog.add(inactiveSale);

        Page<Campaign> page = catalog.list(new CampaignListing(false, "SALE", 50, 0));

        assertThat(page.items()).containsExactly(inactiveSale);
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    void listTreatsLikeWildcardsInTheSearchTextLiterally() {
        Campaign percent = campaign("100% off", T0.plusSeconds(3));
        Campaign hundred = campaign("100 days off", T0.plusSeconds(2));
        Campaign underscore = campaign("a_b", T0.plusSeconds(1));
        Campaign axb = campaign("axb", T0);
        Campaign backslash = campaign("back\\slash", T0.minusSeconds(1));
        Campaign plain = campaign("backslash", T0.minusSeconds(2));
        List.of(percent, hundred, underscore, axb, backslash, plain).forEach(catalog::add);

        assertThat(catalog.list(new CampaignListing(null, "0%", 50, 0)).items()).containsExactly(percent);
        assertThat(catalog.list(new CampaignListing(null, "a_b", 50, 0)).items()).containsExactly(underscore);
        assertThat(catalog.list(new CampaignListing(null, "k\\s", 50, 0)).items()).containsExactly(backslash);
        assertThat(catalog.list(new CampaignListing(null, "%", 50, 0)).items()).containsExactly(percent);
    }

    @Test
    void escapingMakesEveryWildcardAndEscapeCharacterLiteral() {
        assertThat(JdbiCampaignCatalog.escapeLike("50%_off\\now")).isEqualTo("50\\%\\_off\\\\now");
    }

    @Test
    void campaignIdsKeepAllTheirBits() {
        Campaign c = new Campaign(new CampaignId(new UUID(-1L, -1L)), "max", null, true, T0, T0);

        catalog.add(c);

        assertThat(catalog.find(c.id())).contains(c);
    }
}
