package docplanner.gateway.topology;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.topology.RedisNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code redis.min-replicas-acks: 1} against a real primary and replica: a push is acknowledged
 * only once the replica has it; with the replica stopped (SIGSTOP) pushes get 503 although the
 * primary stored them, and once it is back Docplanner's retry is answered 200 with the first id
 * (a duplicate, now confirmed). Without the option the same pushes are acknowledged at once.
 */
class MinReplicasAcksIT {

  private static final String STREAM = "acks:events";

  @TempDir
  static Path dir;

  static RedisNode primary;
  static RedisNode replica;

  @BeforeAll
  static void start() {
    primary = RedisNode.server(dir, "primary", List.of());
    replica = RedisNode.server(dir, "replica", List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port())));
    await("replica in sync").atMost(Duration.ofSeconds(20))
        .until(() -> "up".equals(replica.info("master_link_status")));
  }

  @AfterAll
  static void stop() {
    replica.close();
    primary.close();
  }

  private static Gateway gateway(int acks) {
    return TestGateways.start(primary.url(), Map.of("redis.min-replicas-acks", acks, "stream.key", STREAM,
        "redis.command-timeout", "1s", "push.store-timeout", "2s"));
  }

  @Test
  void aPushIsAcknowledgedOnlyOnceTheReplicaHasIt() {
    try (Gateway confirmed = gateway(1); Gateway unconfirmed = gateway(0)) {
      PushClient push = TestGateways.pushClient(confirmed);
      PushClient.Answer first = push.push(Notifications.slotBooked("acks-1", "f", "d"));
      assertThat(first.status()).isEqualTo(200);
      assertThat(replica.call("XLEN", STREAM)).as("on the replica when acknowledged").isEqualTo("1");

      replica.pause();
      try {
        long start = System.nanoTime();
        PushClient.Answer refused = push.push(Notifications.slotBooked("acks-2", "f", "d"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat((System.nanoTime() - start) / 1_000_000).as("answered within the store timeout").isLessThan(3_000);
        assertThat(primary.call("XLEN", STREAM)).as("the primary stored it anyway").isEqualTo("2");
        assertThat(TestGateways.pushClient(unconfirmed).push(Notifications.slotBooked("acks-3", "f", "d")).status())
            .as("without the option, acknowledged with the replica stopped").isEqualTo(200);
      } finally {
        replica.resume();
      }

      await("the retry is acknowledged once the replica is back").atMost(Duration.ofSeconds(20))
          .until(() -> push.push(Notifications.slotBooked("acks-2", "f", "d")).status() == 200);
      PushClient.Answer retried = push.push(Notifications.slotBooked("acks-2", "f", "d"));
      assertThat(retried.json().getBoolean("duplicate", false)).as(retried.body()).isTrue();
      assertThat(primary.call("XLEN", STREAM)).as("stored once").isEqualTo("3");
      assertThat(push.push(Notifications.slotBooked("acks-4", "f", "d")).status()).isEqualTo(200);
      assertThat(replica.call("XLEN", STREAM)).isEqualTo("4");
    }
  }
}
