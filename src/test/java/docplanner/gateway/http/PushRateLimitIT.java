package docplanner.gateway.http;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code push.rate-limit} (issue 10.13): a sender over its bucket gets 429 with Retry-After and
 * nothing is stored; other senders and exempt ones (Docplanner's addresses) are not limited.
 */
class PushRateLimitIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static RawHttp.Response push(Gateway gateway, String from, String tag) {
    try (RawHttp connection = RawHttp.connect(gateway.config().push().port(), from)) {
      connection.send(RawHttp.post(gateway.config().push().endpointPath(), Notifications.slotBooked(tag, "f1", "d1"), ""));
      return connection.read();
    }
  }

  @Test
  void aSenderOverItsBucketGets429WithRetryAfterAndNothingIsStored() {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", "limited:events",
        "push.rate-limit.per-second", "0.01", "push.rate-limit.burst", 3,
        "push.rate-limit.exempt", "127.0.0.9"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(push(gateway, "127.0.0.1", "burst-" + i).status()).isEqualTo(200);
      }
      RawHttp.Response limited = push(gateway, "127.0.0.1", "over");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(limited.json().getString("type")).endsWith("/rate-limited");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 100L);
      assertThat(redis.command("XLEN", "limited:events")).isEqualTo("3");

      assertThat(push(gateway, "127.0.0.2", "another-sender").status()).isEqualTo(200);
      for (int i = 0; i < 10; i++) {
        assertThat(push(gateway, "127.0.0.9", "exempt-" + i).status()).as("exempt").isEqualTo(200);
      }
    }
  }

  @Test
  void offByDefault() {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", "unlimited:events"))) {
      for (int i = 0; i < 300; i++) {
        assertThat(push(gateway, "127.0.0.1", "unlimited-" + i).status()).isEqualTo(200);
      }
    }
  }
}
