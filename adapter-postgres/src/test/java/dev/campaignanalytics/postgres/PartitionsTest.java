package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.AppendOutcome;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.SliceCount;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionsTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void anEventFromLongAgoGetsItsMonthsPartitionOnDemand() throws Exception {
        Campaign c = campaign("Backfilled");
        db.adapters().campaignCatalog().add(c);
        Instant longAgo = Instant.parse("2019-07-31T23:59:59Z");

        db.adapters().eventStore().append(List.of(event(c.id(), EventType.VIEW, longAgo)));

        assertThat(partitionHolding("2019-07-31T23:59:59Z")).isEqualTo("campaign_analytics_y2019m07");
    }

    @Test
    void retentionDropsOldRawMonthsButKeepsTheirCountsAndTheirIdempotencyKeys() throws Exception {
        Campaign c = campaign("Retained");
        db.adapters().campaignCatalog().add(c);
        Instant old = Instant.parse("2020-02-10T10:00:00Z");
        TrackedEvent click = TrackedEvent.of(c.id(), EventType.CLICK, old).withClientEventId("late-retry");
        NewEvent keyed = new NewEvent(EventIds.next(old), old, click);
        AppendOutcome stored = db.adapters().eventStore().append(List.of(keyed)).get(0);
        db.adapters().eventStore().append(List.of(event(c.id(), EventType.VIEW, old)));

        List<String> dropped = db.adapters().dropRawEventsOlderThan(12, Instant.parse("2026-11-25T00:00:00Z"));

        assertThat(dropped).contains("campaign_analytics_y2020m02");
        assertThat(rawEventsOf(c)).isZero();
        CountQuery month = new CountQuery(List.of(c.id()),
                List.of(Instant.parse("2020-02-01T00:00:00Z"), Instant.parse("2020-03-01T00:00:00Z")),
                DimensionFilter.NONE, null);
        List<SliceCount> counts = db.adapters().reportStore().count(month);
        assertThat(counts).singleElement().satisfies(s -> {
            assertThat(s.counts().views()).isEqualTo(1);
            assertThat(s.counts().clicks()).isEqualTo(1);
        });
        AppendOutcome retried = db.adapters().eventStore().append(List.of(
                new NewEvent(EventIds.next(old), old, click))).get(0);
        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.id()).isEqualTo(stored.id());
    }

    private static String partitionHolding(String instant) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tableoid::regclass::text FROM campaign_analytics "
                     + "WHERE created_at = '" + instant + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static long rawEventsOf(Campaign campaign) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM campaign_analytics WHERE campaign_id = '"
                     + campaign.id() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
