package docplanner.gateway.store;

import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** redis.password (from a secret, outside the URL) authenticates every connection; without it the gateway does not start. */
class RedisPasswordIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static final String PASSWORD = "s3cr3t/with:odd@chars";

  @BeforeAll
  static void requirePassword() {
    assertThat(redis.command("CONFIG", "SET", "requirepass", PASSWORD)).isEqualTo("OK");
  }

  @Test
  void withThePasswordPushesAreStoredAndTheReplicaIsReady() throws Exception {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("redis.password", PASSWORD))) {
      PushClient.Answer ready = Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY,
          a -> a.status() == 200, 10_000);
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(TestGateways.pushClient(gateway).push(Examples.read("slot-booked.json")).status()).isEqualTo(200);
      assertThat(gateway.config().redis().toString()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void withoutThePasswordTheGatewayRefusesToStartAndSaysWhy() {
    assertThatThrownBy(() -> TestGateways.start(redis.url(), Map.of()))
        .hasMessageContaining("refused the gateway")
        .hasMessageContaining("NOAUTH")
        .hasMessageContaining("GATEWAY_REDIS_PASSWORD");
    assertThatThrownBy(() -> TestGateways.start(redis.url(), Map.of("redis.password", "wrong")))
        .hasMessageContaining("WRONGPASS")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
  }
}
