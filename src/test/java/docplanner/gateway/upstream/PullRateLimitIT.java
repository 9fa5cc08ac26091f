package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static docplanner.gateway.upstream.UpstreamFixtures.bodies;
import static docplanner.gateway.upstream.UpstreamFixtures.counter;
import static docplanner.gateway.upstream.UpstreamFixtures.enqueueAtOnce;
import static docplanner.gateway.upstream.UpstreamFixtures.json;
import static docplanner.gateway.upstream.UpstreamFixtures.never;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pulling under Docplanner's rate limiter (the sandbox's, with an hourly quota of 2 requests). */
class PullRateLimitIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of(
      "sandbox.rate-limit.enabled", true,
      "sandbox.rate-limit.hourly-quota", 2,
      "sandbox.rate-limit.writes-per-minute", 100));

  @RegisterExtension
  final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);

  final SandboxClient docplanner = sandbox.client();

  @Test
  void a429IsWaitedOutForItsRetryAfterAndAnUsedUpQuotaPausesPullingUntilItsReset() {
    Instant windowStart = Instant.parse(docplanner.read("/clock").getString("now"));
    String probe = docplanner.token();
    docplanner.pullMultiple(probe, "1");
    assertThat(docplanner.pullMultiple(probe, "1").header("X-RateLimit-Remaining")).isEqualTo("0");
    docplanner.advance("3596s"); // the hourly window ends in about 4 s
    String[] bodies = bodies("limited", 150);
    enqueueAtOnce(docplanner, bodies);

    Gateway gateway = gateways.start(Map.of("upstream.pull.enabled", true));
    await().atMost(Duration.ofSeconds(20)).until(() -> gateways.stream().size() == 150);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(bodies));
    // The first pull was refused; the next came after the Retry-After, in Docplanner's next window.
    assertThat(counter(gateway, "gateway.pull.errors", "kind", "rate-limited")).isEqualTo(1);
    for (JsonObject pulled : docplanner.items("pulled")) {
      assertThat(Instant.parse(pulled.getString("at"))).isAfterOrEqualTo(windowStart.plus(Duration.ofHours(1)));
    }

    // Those two pulls used the new window's quota up (X-RateLimit-Remaining: 0): no call until its reset,
    // through ten pull intervals (200 ms) in which a gateway ignoring the quota would have pulled or been refused.
    assertThat(docplanner.admin("POST", "/notifications?deliver=queue", UpstreamFixtures.body("limited", 999)).status())
        .isEqualTo(201);
    never("a pull before the quota's reset", Duration.ofSeconds(2),
        () -> docplanner.read("/stats").getInteger("queued") != 1
            || counter(gateway, "gateway.pull.errors", "kind", "rate-limited") != 1);
    assertThat(docplanner.read("/stats").getInteger("queued")).isEqualTo(1);
    assertThat(counter(gateway, "gateway.pull.errors", "kind", "rate-limited")).as("no refused call either").isEqualTo(1);
    assertThat(gateway.upstreamStatus().pull().failing()).isFalse();
  }
}
