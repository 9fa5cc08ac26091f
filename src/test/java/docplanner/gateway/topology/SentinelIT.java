package docplanner.gateway.topology;

import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import docplanner.gateway.support.topology.SentinelGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway behind three sentinels ({@code redis.mode: sentinel}, the sentinels in
 * {@code redis.url}), and the primary SIGKILLed under sustained load: pushes get 503 while the
 * sentinels elect the replica, then 200 on the new primary without a restart of the gateway;
 * readiness goes DOWN and comes back UP; subscribers resume. Replication is asynchronous here
 * ({@code redis.min-replicas-acks: 0}), so pushes the old primary acknowledged in its last moment
 * may be lost: the checker lists each one (acknowledged, missing from the new primary's stream).
 * The data nodes want a password, the sentinels none: {@code redis.password} reaches both.
 */
class SentinelIT {

  private static final String STREAM = "sentinel:events";
  /** The data nodes want it; the sentinels have none and take it all the same (redis.password goes to both). */
  private static final String PASSWORD = "s3ntinel-secret";

  @RegisterExtension
  static final SentinelGroup group = new SentinelGroup(PASSWORD);

  @Test
  void thePrimaryDiesUnderLoadAndTheGatewayFollowsTheNewOne() throws Exception {
    int oldPrimary = group.primary().port();
    try (Gateway gateway = TestGateways.start(group.sentinelUrls(), Map.of("redis.mode", "sentinel",
            "redis.master-name", SentinelGroup.MASTER, "stream.key", STREAM, "push.store-timeout", "1s",
            "redis.command-timeout", "1s", "redis.password", PASSWORD));
         FaultLoad load = FaultLoad.start("sentinel-failover", new Shape(150, 14, 2, 2), Target.of(gateway))) {
      load.awaitSteady();
      awaitReady(gateway, 200);
      load.faultStarts();
      long died = System.currentTimeMillis();
      group.primary().kill();
      load.awaitRefusals(10);
      awaitReady(gateway, 503);
      await("the sentinels promote the replica").atMost(Duration.ofSeconds(30))
          .until(() -> group.currentPrimaryPort() == group.replica().port());
      int acked = load.ackedCount();
      await("pushes acknowledged by the new primary").atMost(Duration.ofSeconds(20))
          .until(() -> load.ackedCount() > acked + 50);
      awaitReady(gateway, 200);
      load.faultEnds();
      long tookMs = System.currentTimeMillis() - died;
      load.finishAcceptingFailoverLoss(() -> FaultLoad.entries(group.replica().value("XRANGE", STREAM, "-", "+")), died);
      assertThat(group.currentPrimaryPort()).isNotEqualTo(oldPrimary);
      assertThat(group.replica().info("role")).isEqualTo("master");
      System.out.println("sentinel-failover: primary SIGKILLed, pushes and readiness back on the new primary within "
          + tookMs + " ms, no gateway restart");
    }
  }

  private static void awaitReady(Gateway gateway, int status) {
    await("readiness " + status).atMost(Duration.ofSeconds(30))
        .until(() -> Http.get(gateway.config().feed().port(), HealthEndpoints.READY).status() == status);
  }
}
