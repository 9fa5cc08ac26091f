package docplanner.gateway.faults;

import docplanner.gateway.e2e.Replicas;
import docplanner.gateway.support.PrometheusText;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway process dies (SIGKILL) or is stopped (SIGTERM) in the middle of a burst: two replicas
 * of the real fat jar on one Redis, pushes spread over both and retried on the other one, and
 * subscribers that resume on the other replica with their last id. Nothing acknowledged is lost,
 * nothing is stored or delivered twice.
 */
class GatewayProcessFaultsIT {

  private static final Path JAR = Path.of("target", "docplanner-gateway.jar");
  private static final String STREAM = "docplanner:events";

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @BeforeEach
  void emptyRedis() {
    redis.command("FLUSHALL");
  }

  @Test
  void sigkillMidBurst() throws Exception {
    underLoad("gateway-sigkill", replicas -> replicas.kill(0));
  }

  @Test
  void sigtermMidBurst() throws Exception {
    underLoad("gateway-sigterm", replicas ->
        assertThat(replicas.terminate(0, 20_000)).as("exit code after SIGTERM").isZero());
  }

  private interface Stop {
    void stop(Replicas replicas) throws Exception;
  }

  /** Two replicas under load; replica 1 stopped by {@code stop} while the other takes everything, then started again. */
  private static void underLoad(String name, Stop stop) throws Exception {
    try (Replicas replicas = twoReplicas();
         FaultLoad load = FaultLoad.start(name, Shape.DEFAULT, target(replicas))) {
      load.around(() -> {
        stop.stop(replicas);
        load.awaitAckedDuringFault(400);
        replicas.start(0);
        assertThat(replicas.awaitReady(0, 60_000)).as("replica 1 back").isTrue();
      }, () -> FaultLoad.stream(redis.port(), STREAM));
    }
  }

  private static Replicas twoReplicas() throws Exception {
    assertThat(JAR).as("the fat jar, built in the package phase").exists();
    int[] push = {TestGateways.freePort(), TestGateways.freePort()};
    int[] feed = {TestGateways.freePort(), TestGateways.freePort()};
    Replicas replicas = new Replicas(JAR, redis.url(), push, feed, Files.createTempDirectory("gateway-faults"));
    replicas.start(0);
    replicas.start(1);
    assertThat(replicas.awaitReady(0, 60_000) && replicas.awaitReady(1, 60_000)).as("both replicas ready").isTrue();
    return replicas;
  }

  /** Pushes to both replicas, subscribers spread over both, the heap summed from both replicas' /metrics. */
  private static Target target(Replicas replicas) {
    return new Target(
        List.of(pushUri(replicas, 0), pushUri(replicas, 1)),
        new int[] {replicas.feedPort(0), replicas.feedPort(1)},
        () -> heap(replicas, 0) + heap(replicas, 1));
  }

  private static URI pushUri(Replicas replicas, int i) {
    return URI.create("http://127.0.0.1:" + replicas.pushPort(i) + "/docplanner/notifications");
  }

  private static long heap(Replicas replicas, int i) {
    String metrics = Replicas.get(replicas.feedPort(i), "/metrics");
    if (metrics.isEmpty()) {
      return 0; // the replica is down right now
    }
    return (long) PrometheusText.parse(metrics).value("jvm_memory_used_bytes", Map.of("area", "heap"));
  }
}
