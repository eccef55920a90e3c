package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;

import java.nio.file.Path;
import java.util.UUID;

import static dev.campaignanalytics.postgres.Fixtures.T0;

/**
 * Run in a separate JVM by {@link EmbeddedPostgresServerTest}: starts a server on a directory that holds a migrated
 * cluster, stores a campaign, says {@code READY} and waits to be killed, leaving its PostgreSQL running without an
 * owner.
 */
public final class AbandonedServerMain {
    private AbandonedServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        HikariDataSource pool = PostgresAdapters.pooledDataSource(server.jdbcUrl(), server.user(), server.password());
        PostgresAdapters.create(pool).campaignCatalog().add(new Campaign(new CampaignId(UUID.fromString(args[1])), "Abandoned", null,
                true, T0, T0));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
