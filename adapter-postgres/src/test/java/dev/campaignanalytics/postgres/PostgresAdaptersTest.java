package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresAdaptersTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() throws Exception {
        Campaign kept = campaign("Kept");
        db.adapters().campaignCatalog().add(kept);
        int applied = appliedMigrations();

        db.adapters().migrate();
        db.adapters().migrate();

        assertThat(db.adapters().campaignCatalog().find(kept.id())).contains(kept);
        assertThat(appliedMigrations()).isEqualTo(applied);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bool_and(success) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    private static int appliedMigrations() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void migrationCreatesTheCampaignAndEventTables() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(table_name, ',' ORDER BY table_name) "
                     + "FROM information_schema.tables WHERE table_schema = 'public' "
                     + "AND table_name <> 'flyway_schema_history' "
                     + "AND table_name NOT LIKE 'campaign\\_analytics\\_y%'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("campaign_analytics,campaign_event_keys,campaign_rollup_delta,"
                    + "campaign_rollup_dimension,"
                    + "campaign_rollup_dimension_day,campaign_rollup_dimension_hour,campaign_rollup_full,"
                    + "campaign_rollup_total,campaign_rollup_total_day,campaign_rollup_total_hour,marketing_campaigns");
        }
    }

    @Test
    void runningDatabaseIsReachable() {
        assertThat(db.adapters().isDatabaseReachable()).isTrue();
    }

    @Test
    void serverThatNeverAnswersIsUnreachableWithinTwoSecondsAndStoresFailSoon() throws Exception {
        // Accepts TCP connections (the kernel queues them) but never speaks the PostgreSQL protocol.
        ServerSocket silent = new ServerSocket(0);
        HikariDataSource pool = PostgresAdapters.pooledDataSource(
                "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/none", "nobody", "none");
        try {
            PostgresAdapters adapters = PostgresAdapters.create(pool);

            long start = System.nanoTime();
            boolean reachable = adapters.isDatabaseReachable();
            Duration checkTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(reachable).isFalse();
            assertThat(checkTook).isLessThan(Duration.ofMillis(2_500));

            start = System.nanoTime();
            assertThatThrownBy(() -> adapters.campaignCatalog().find(CampaignId.random()))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            // Refuses the queued connection attempts, so that the pool closes at once.
            silent.close();
            pool.close();
        }
    }

    @Test
    void pooledDataSourceWaitsBoundedlyAndRewritesBatchedInserts() {
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(pool.getConnectionTimeout()).isBetween(1_000L, 5_000L);
            assertThat(pool.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
            assertThat(pool.getJdbcUrl()).isEqualTo(db.jdbcUrl());
            assertThat(PostgresAdapters.create(pool).isDatabaseReachable()).isTrue();
        }
    }

    @Test
    void aCustomizerSeesTheFinishedConfigurationBeforeThePoolStarts() {
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(db.jdbcUrl(), db.user(), db.password(),
                config -> {
                    assertThat(config.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
                    config.setMaximumPoolSize(3);
                })) {
            assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
            assertThat(PostgresAdapters.create(pool).isDatabaseReachable()).isTrue();
        }
    }

    @Test
    void aMigratedDatabaseHasItsMigrationsApplied() {
        assertThat(db.adapters().migrationsApplied()).isTrue();
    }

    @Test
    void aSchemaNeverMigratedHasPendingMigrationsUntilItIsMigrated() throws Exception {
        String schema = "never_migrated_" + Long.toHexString(System.nanoTime());
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(url, db.user(), db.password())) {
            PostgresAdapters fresh = PostgresAdapters.create(pool);
            assertThat(fresh.isDatabaseReachable()).isTrue();
            assertThat(fresh.migrationsApplied()).isFalse();

            fresh.migrate();

            assertThat(fresh.migrationsApplied()).isTrue();

            // A later build's migration applied on top still counts as applied; one of this build's missing does not.
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                        + "checksum, installed_by, execution_time, success) "
                        + "VALUES (999, '999', 'later build', 'SQL', 'V999__later_build.sql', 0, 'test', 0, true)");
            }
            assertThat(fresh.migrationsApplied()).isTrue();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM flyway_schema_history WHERE version = '12'");
            }
            assertThat(fresh.migrationsApplied()).isFalse();
        } finally {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void migrationsCannotBeConfirmedOnADatabaseThatNeverAnswers() throws Exception {
        ServerSocket silent = new ServerSocket(0);
        HikariDataSource pool = PostgresAdapters.pooledDataSource(
                "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/none", "nobody", "none");
        try {
            long start = System.nanoTime();
            assertThat(PostgresAdapters.create(pool).migrationsApplied()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        } finally {
            silent.close();
            pool.close();
        }
    }
}
