package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIssuerTest {

  final SandboxClock clock = SandboxClock.fixedAt(Instant.parse("2026-11-28T10:00:00Z"));
  final TokenIssuer issuer = new TokenIssuer("client", "secret", Duration.ofHours(1), clock, 3);

  @Test
  void issuesDistinctTokensOnlyForTheConfiguredClient() {
    TokenIssuer.Issued first = issuer.issue("client", "secret");
    TokenIssuer.Issued second = issuer.issue("client", "secret");
    assertThat(first.accessToken()).isNotEqualTo(second.accessToken()).matches("[A-Za-z0-9_-]{64}");
    assertThat(first.expiresIn()).isEqualTo(3600);
    assertThat(issuer.issue("client", "wrong")).isNull();
    assertThat(issuer.issue("other", "secret")).isNull();
    assertThat(issuer.issue(null, null)).isNull();
  }

  @Test
  void aTokenIsValidUntilItsLifetimeEnds() {
    String token = issuer.issue("client", "secret").accessToken();
    assertThat(issuer.check(token)).isEqualTo(TokenIssuer.Validity.VALID);
    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    assertThat(issuer.check(token)).isEqualTo(TokenIssuer.Validity.VALID);
    clock.advance(Duration.ofSeconds(1));
    assertThat(issuer.check(token)).isEqualTo(TokenIssuer.Validity.EXPIRED);
    assertThat(issuer.check("made-up")).isEqualTo(TokenIssuer.Validity.UNKNOWN);
    assertThat(issuer.check(null)).isEqualTo(TokenIssuer.Validity.UNKNOWN);
  }

  @Test
  void itKeepsABoundedNumberOfTokensForgettingExpiredThenOldest() {
    String expired = issuer.issue("client", "secret").accessToken();
    clock.advance(Duration.ofHours(2));
    String oldest = issuer.issue("client", "secret").accessToken();
    issuer.issue("client", "secret");
    issuer.issue("client", "secret");
    assertThat(issuer.check(expired)).isEqualTo(TokenIssuer.Validity.UNKNOWN);
    assertThat(issuer.size()).isEqualTo(3);
    issuer.issue("client", "secret");
    assertThat(issuer.check(oldest)).isEqualTo(TokenIssuer.Validity.UNKNOWN);
    assertThat(issuer.size()).isEqualTo(3);
  }

  @Test
  void revokingForgetsEveryToken() {
    String token = issuer.issue("client", "secret").accessToken();
    assertThat(issuer.revokeAll()).isEqualTo(1);
    assertThat(issuer.check(token)).isEqualTo(TokenIssuer.Validity.UNKNOWN);
  }
}
