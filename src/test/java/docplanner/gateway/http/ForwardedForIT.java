package docplanner.gateway.http;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Forwarded-For} behind trusted proxies (issue 10.7): every header line is part of the one
 * list, so a client's forged line cannot stand in for the hop the proxy appended on a line of its own.
 */
class ForwardedForIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of(
        "stream.key", "xff:events",
        "push.allowed-sources", "203.0.113.0/24",
        "push.trusted-proxies", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static RawHttp.Response push(String forwardedLines, String tag) {
    try (RawHttp connection = RawHttp.connect(gateway.config().push().port())) {
      connection.send(RawHttp.post(gateway.config().push().endpointPath(), Notifications.slotBooked(tag, "f1", "d1"),
          forwardedLines));
      return connection.read();
    }
  }

  @Test
  void aForgedFirstLineDoesNotPassWhenTheProxyAppendsItsOwnLine() {
    String before = redis.command("XLEN", "xff:events");
    RawHttp.Response forged = push("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.7\r\n", "forged");
    assertThat(forged.status()).as(forged.body()).isEqualTo(403);
    assertThat(forged.json().getString("type")).endsWith("/source-not-allowed");
    assertThat(redis.command("XLEN", "xff:events")).isEqualTo(before);
  }

  @Test
  void theRightMostUntrustedHopOverAllLinesIsTheSender() {
    assertThat(push("X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-For: 203.0.113.9\r\n", "two-lines").status()).isEqualTo(200);
    assertThat(push("X-Forwarded-For: 198.51.100.7, 203.0.113.9\r\n", "one-line").status()).isEqualTo(200);
    assertThat(push("X-Forwarded-For: 203.0.113.9, 127.0.0.1\r\nX-Forwarded-For: 127.0.0.1\r\n", "proxies").status())
        .isEqualTo(200);
  }
}
