package dev.campaignanalytics.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsupportedDatabaseExceptionTest {
    @Test
    void postgresqlFourteenIsRefusedWithTheVersionItReported() {
        assertThatThrownBy(() -> UnsupportedDatabaseException.requireSupported(14, "14.10 (Debian 14.10-1)"))
                .isInstanceOfSatisfying(UnsupportedDatabaseException.class,
                        e -> assertThat(e.serverVersion()).isEqualTo("14.10 (Debian 14.10-1)"))
                .hasMessage("PostgreSQL 15 or later is required; the database runs PostgreSQL 14.10 (Debian 14.10-1)");
    }

    @Test
    void postgresqlFifteenAndLaterAreAccepted() {
        assertThatCode(() -> UnsupportedDatabaseException.requireSupported(15, "15.0")).doesNotThrowAnyException();
        assertThatCode(() -> UnsupportedDatabaseException.requireSupported(17, "17.6")).doesNotThrowAnyException();
    }
}
