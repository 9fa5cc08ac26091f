package docplanner.gateway.sandbox;

import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SandboxClient.Reply;
import docplanner.gateway.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional rate limiter: X-RateLimit-* headers, 429 with Retry-After, hourly quota and per-minute writes. */
class SandboxRateLimitIT {

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of(
        "sandbox.rate-limit.enabled", true,
        "sandbox.rate-limit.hourly-quota", 5,
        "sandbox.rate-limit.writes-per-minute", 2));

  final SandboxClient client = sandbox.client();

  @Test
  void everyApiAnswerReportsTheHourlyQuotaAndTheSixthRequestGets429UntilTheWindowResets() {
    String token = client.token();
    Instant windowStart = Instant.parse(client.read("/clock").getString("now"));
    for (int n = 1; n <= 5; n++) {
      Reply reply = client.pullMultiple(token, "10");
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("5");
      assertThat(reply.header("X-RateLimit-Used")).isEqualTo(Integer.toString(n));
      assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(5 - n));
      Instant reset = OffsetDateTime.parse(reply.header("X-RateLimit-Reset")).toInstant();
      assertThat(Duration.between(windowStart, reset)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }
    Reply refused = client.pullOne(token);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).isEqualTo(SandboxApiIT.ERROR);
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);

    client.advance("1h");
    Reply again = client.pullOne(client.token());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.header("X-RateLimit-Used")).isEqualTo("1");
  }

  @Test
  void writesAreLimitedPerMinute() {
    String token = client.token();
    assertThat(client.release(token).status()).isEqualTo(403);
    assertThat(client.release(token).status()).isEqualTo(403);
    Reply refused = client.release(token);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(client.pullOne(token).status()).as("reads are not writes").isEqualTo(404);
    client.advance("1m");
    assertThat(client.release(token).status()).isEqualTo(403);
  }

  @Test
  void theTokenEndpointAndRefusedTokensCarryNoRateLimitHeaders() {
    Reply token = client.requestToken();
    assertThat(token.header("X-RateLimit-Limit")).isNull();
    Reply unauthorized = client.pullOne("nope");
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.header("X-RateLimit-Limit")).isNull();
  }
}
