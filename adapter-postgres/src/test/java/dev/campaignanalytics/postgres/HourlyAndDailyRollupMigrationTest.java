package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that already holds events gets its hourly and daily rollups from its 15-minute ones when migrated. */
class HourlyAndDailyRollupMigrationTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void migrationSumsTheExistingQuarterHourRollupsIntoHoursAndUtcDays() throws Exception {
        String schema = "before_v12_" + Long.toHexString(System.nanoTime());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        // A pool of its own, on the other schema: the shared pool's connections keep the test schema's search path.
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(url, db.user(), db.password())) {
            flyway(pool, schema, "11").migrate();
            String campaign = "7da491d1-d8fa-476e-84f3-21524f8703f9";
            execute(pool, "INSERT INTO campaign_rollup_total VALUES "
                    + "('" + campaign + "', '2024-03-10T22:45:00Z', 1, 2, 3, 4), "
                    + "('" + campaign + "', '2024-03-10T23:00:00Z', 10, 20, 30, 40), "
                    + "('" + campaign + "', '2024-03-10T23:30:00Z', 100, 0, 0, 0), "
                    + "('" + campaign + "', '2024-03-11T00:15:00Z', 0, 0, 0, 7)");
            execute(pool, "INSERT INTO campaign_rollup_dimension VALUES "
                    + "('" + campaign + "', 2, '2024-03-10T23:00:00Z', 'email', 1, 0, 0, 0), "
                    + "('" + campaign + "', 2, '2024-03-10T23:45:00Z', 'email', 0, 1, 0, 0), "
                    + "('" + campaign + "', 2, '2024-03-10T23:45:00Z', NULL, 5, 0, 0, 0), "
                    + "('" + campaign + "', 2, '2024-03-11T00:00:00Z', NULL, 0, 0, 1, 0)");

            flyway(pool, schema, "latest").migrate();

            assertThat(rows(pool, "SELECT bucket, impressions, views, clicks, conversions "
                    + "FROM campaign_rollup_total_hour"))
                    .containsExactlyInAnyOrder("2024-03-10T22:00Z 1 2 3 4", "2024-03-10T23:00Z 110 20 30 40",
                            "2024-03-11T00:00Z 0 0 0 7");
            assertThat(rows(pool, "SELECT bucket, impressions, views, clicks, conversions "
                    + "FROM campaign_rollup_total_day"))
                    .containsExactlyInAnyOrder("2024-03-10T00:00Z 111 22 33 44", "2024-03-11T00:00Z 0 0 0 7");
            assertThat(rows(pool, "SELECT bucket, value, impressions, views FROM campaign_rollup_dimension_hour"))
                    .containsExactlyInAnyOrder("2024-03-10T23:00Z email 1 1", "2024-03-10T23:00Z null 5 0",
                            "2024-03-11T00:00Z null 0 0");
            assertThat(rows(pool, "SELECT bucket, value, impressions, views, clicks "
                    + "FROM campaign_rollup_dimension_day"))
                    .containsExactlyInAnyOrder("2024-03-10T00:00Z email 1 1 0", "2024-03-10T00:00Z null 5 0 0",
                            "2024-03-11T00:00Z null 0 0 1");
        }
    }

    private static Flyway flyway(DataSource pool, String schema, String target) {
        return Flyway.configure().dataSource(pool).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").target(target).load();
    }

    private static void execute(DataSource pool, String sql) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(DataSource pool, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder(rs.getObject(1, OffsetDateTime.class)
                        .withOffsetSameInstant(ZoneOffset.UTC).toString());
                for (int i = 2; i <= n; i++) {
                    row.append(' ').append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
