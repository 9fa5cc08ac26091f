package docplanner.gateway.http;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser origins and Host names on the feed (issue 10.9), and the admin routes' own token
 * (10.10): a web page cannot open the feed unless its origin is configured, and /admin/* is closed
 * until an admin token is.
 */
class FeedAccessIT {

  private static final String WS_UPGRADE = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static RawHttp.Response get(Gateway gateway, String path, String headers) {
    try (RawHttp connection = RawHttp.connect(gateway.config().feed().port())) {
      connection.send("GET " + path + " HTTP/1.1\r\n" + headers + "\r\n");
      return connection.read();
    }
  }

  private static void assertRefused(RawHttp.Response answer, String type) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(403);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("type")).endsWith("/" + type);
  }

  @Test
  void byDefaultAPageOfAnyOriginIsRefusedAndClientsWithoutOriginAreServed() throws Exception {
    try (Gateway gateway = TestGateways.start(redis.url())) {
      String origin = "Host: localhost\r\nOrigin: http://intranet.example\r\n";
      assertRefused(get(gateway, "/events", origin), "origin-not-allowed");
      assertRefused(get(gateway, "/events/ws", origin + WS_UPGRADE), "origin-not-allowed");
      assertThat(get(gateway, "/events/ws", "Host: localhost\r\n" + WS_UPGRADE).status()).isEqualTo(101);
      try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events")) {
        assertThat(sse.status()).isEqualTo(200);
      }
    }
  }

  @Test
  void configuredOriginsAndHostsAreServedOthersRefused() throws Exception {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of(
        "feed.allowed-origins", "https://dashboard.example",
        "feed.allowed-hosts", "feed.internal,localhost"))) {
      int port = gateway.config().feed().port();
      try (SseClient sse = SseClient.open(port, "/events", Map.of("Origin", "https://dashboard.example"))) {
        assertThat(sse.status()).isEqualTo(200);
        assertThat(sse.header("Access-Control-Allow-Origin")).isEqualTo("https://dashboard.example");
      }
      assertRefused(get(gateway, "/events/ws", "Host: feed.internal\r\nOrigin: https://evil.example\r\n" + WS_UPGRADE),
          "origin-not-allowed");
      assertThat(get(gateway, "/events/ws", "Host: feed.internal:" + port + "\r\nOrigin: https://dashboard.example\r\n"
          + WS_UPGRADE).status()).isEqualTo(101);
      assertRefused(get(gateway, "/events", "Host: rebound.attacker.example\r\n"), "host-not-allowed");
      assertRefused(get(gateway, "/events/ws", "Host: rebound.attacker.example:" + port + "\r\n" + WS_UPGRADE),
          "host-not-allowed");
      assertThat(get(gateway, "/health/live", "Host: rebound.attacker.example\r\n").status())
          .as("probes are not behind the Host check").isEqualTo(200);
    }
  }

  @Test
  void adminRoutesAreRefusedWithoutAnAdminTokenEvenToFeedTokenHolders() {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("feed.tokens", "subscriber-token"));
         RawHttp connection = RawHttp.connect(gateway.config().feed().port())) {
      connection.send("POST /admin/release HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer subscriber-token\r\n"
          + "Content-Length: 0\r\n\r\n");
      assertRefused(connection.read(), "admin-disabled");
    }
  }
}
