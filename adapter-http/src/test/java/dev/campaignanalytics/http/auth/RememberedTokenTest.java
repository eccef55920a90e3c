package dev.campaignanalytics.http.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;

import static dev.campaignanalytics.http.auth.TestTokens.NOW;
import static dev.campaignanalytics.http.auth.TestTokens.OTHER_SECRET;
import static dev.campaignanalytics.http.auth.TestTokens.SECRET;
import static dev.campaignanalytics.http.auth.TestTokens.claims;
import static dev.campaignanalytics.http.auth.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A verified token is accepted again from memory, but never past what verifying it again would allow: expiry and
 * not-before are checked on every call with the same clock and skew, failures are never remembered, and the memory of
 * a token lasts at most a minute.
 */
class RememberedTokenTest {
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock(NOW);
    private final JwtVerifier verifier = JwtVerifier.create(
            new JwtSettings(SECRET, null, null, null, null, SKEW), clock);

    @Test
    void rememberedTokenIsRefusedAsExpiredOnceExpiryAndSkewHavePassed() {
        Instant expiry = NOW.plusSeconds(120);
        String token = hs256(claims().expirationTime(Date.from(expiry)));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
        assertThat(verifier.remembers(token)).isTrue();

        clock.set(expiry.plus(SKEW).minusMillis(1));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");

        clock.set(expiry.plus(SKEW));
        assertThat(verifier.remembers(token)).isFalse();
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.EXPIRED);
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage(JwtVerifier.EXPIRED);
    }

    @Test
    void tokenNotValidYetIsNotRememberedAndPassesOnlyOnceItsTimeHasCome() {
        Instant notBefore = NOW.plusSeconds(300);
        String token = hs256(claims().notBeforeTime(Date.from(notBefore)));

        assertThatThrownBy(() -> verifier.verify(token)).hasMessage(JwtVerifier.NOT_YET_VALID);
        assertThat(verifier.remembers(token)).isFalse();
        clock.set(notBefore.minus(SKEW));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage(JwtVerifier.NOT_YET_VALID);

        clock.set(notBefore.minus(SKEW).plusMillis(1));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
        assertThat(verifier.remembers(token)).isTrue();
    }

    @Test
    void rememberedTokenIsRefusedWhenTheClockIsSetBackBeforeItsNotBefore() {
        Instant notBefore = NOW.minusSeconds(10);
        String token = hs256(claims().notBeforeTime(Date.from(notBefore)));
        verifier.verify(token);

        clock.set(notBefore.minus(SKEW));

        assertThatThrownBy(() -> verifier.verify(token)).hasMessage(JwtVerifier.NOT_YET_VALID);
    }

    @Test
    void verifiedTokenIsRememberedForAtMostAMinuteThenVerifiedAgain() {
        String token = hs256(claims());
        verifier.verify(token);

        clock.set(NOW.plus(JwtVerifier.REMEMBER_AT_MOST).minusMillis(1));
        assertThat(verifier.remembers(token)).isTrue();
        clock.set(NOW.plus(JwtVerifier.REMEMBER_AT_MOST));
        assertThat(verifier.remembers(token)).isFalse();

        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
        assertThat(verifier.remembers(token)).isTrue();
    }

    @Test
    void refusedTokenIsNeverRememberedAndStaysRefused() {
        String forged = hs256(OTHER_SECRET, claims());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> verifier.verify(forged)).hasMessage(JwtVerifier.BAD_SIGNATURE);
        }
        assertThat(verifier.remembers(forged)).isFalse();
    }

    @Test
    void eachRememberedTokenKeepsItsOwnCaller() {
        String alice = hs256(claims());
        String bob = hs256(claims().subject("bob@example.com").claim("role", Permissions.SUPER_ADMIN));

        for (int i = 0; i < 2; i++) {
            assertThat(verifier.verify(alice).subject()).isEqualTo("alice@example.com");
            assertThat(verifier.verify(bob).subject()).isEqualTo("bob@example.com");
            assertThat(verifier.verify(bob).roles()).containsExactly(Permissions.SUPER_ADMIN);
        }
        assertThat(verifier.verify("  " + alice + " ").subject()).isEqualTo("alice@example.com");
    }

    @Test
    void tamperingWithARememberedTokenIsStillRefused() {
        String token = hs256(claims());
        verifier.verify(token);
        String tampered = TestTokens.withPayload(token, claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> verifier.verify(tampered)).hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    /** A clock that tests set. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
