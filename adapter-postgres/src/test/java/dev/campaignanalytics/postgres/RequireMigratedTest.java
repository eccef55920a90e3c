package dev.campaignanalytics.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The "check only" start of an embedding service whose schema a deployment step migrates. */
class RequireMigratedTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void aMigratedDatabasePasses() {
        assertThatCode(() -> db.adapters().requireMigrated()).doesNotThrowAnyException();
    }

    @Test
    void aSchemaWithoutTheMigrationsIsRefusedNamingThemAndLeftAsItIs() throws SQLException {
        execute("DROP SCHEMA IF EXISTS never_migrated CASCADE; CREATE SCHEMA never_migrated");
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=never_migrated";
        try (HikariDataSource pool = PostgresAdapters.pooledDataSource(url, db.user(), db.password());
             PostgresAdapters adapters = PostgresAdapters.create(pool)) {

            assertThatThrownBy(adapters::requireMigrated)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the database schema is not up to date; pending migrations: ")
                    .hasMessageContaining("V1__campaigns_and_events.sql");
            assertThatThrownBy(adapters::requireMigrated).as("nothing was migrated by the check")
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            execute("DROP SCHEMA never_migrated CASCADE");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
