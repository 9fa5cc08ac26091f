package docplanner.gateway.faults;

import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.TcpRelay;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The network between the gateway and Redis fails, under load, through a relay the test controls:
 * a blackhole (nothing forwarded, no RST: the half-open case), a cut with RST, added latency, and a
 * switch to a promoted replica. Pushes are back within the store timeout plus one reconnect and
 * readiness follows; nothing acknowledged is lost, nothing is stored or delivered twice.
 */
class RedisLinkFaultsIT {

  private static final String STREAM = "docplanner:events";
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
  /** What "back within the store timeout plus one reconnect" may take on a loaded 2-core CI machine. */
  private static final Duration BACK_WITHIN = STORE_TIMEOUT.plusSeconds(2 + 2).plusSeconds(5);

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestRedis replica = new TestRedis();


  @Test
  void blackholeHalfOpenConnections() throws Exception {
    underLoad("redis-blackhole", redis, (relay, gateway, load) -> {
      relay.blackhole();
      load.awaitRefusals(20);
      awaitReady(gateway, 503);
      relay.heal(); // new connections work again; the blackholed ones stay silent for good
      awaitPushesBack(load);
      awaitReady(gateway, 200);
    });
  }

  @Test
  void cutWithRst() throws Exception {
    underLoad("redis-rst", redis, (relay, gateway, load) -> {
      relay.reset();
      awaitPushesBack(load);
      awaitReady(gateway, 200);
    });
  }

  @Test
  void slowLink() throws Exception {
    underLoad("redis-slow", redis, (relay, gateway, load) -> {
      relay.latency(Duration.ofMillis(50));
      load.awaitAckedDuringFault(500);
      relay.latency(Duration.ZERO);
    });
  }

  /**
   * A failover: the primary's connections go silent, the replica (caught up) is promoted with
   * REPLICAOF NO ONE and the address now leads to it, as a DNS name or a proxy would move.
   */
  @Test
  void switchToAPromotedReplica() throws Exception {
    replica.command("REPLICAOF", "127.0.0.1", String.valueOf(redis.port()));
    try {
      await("replica in sync").atMost(Duration.ofSeconds(20)).until(() -> "up".equals(info(replica, "master_link_status")));
      underLoad("redis-failover", replica, (relay, gateway, load) -> {
        relay.blackhole();
        // A planned failover: the replica has everything the primary confirmed before it is promoted.
        await("replica caught up").atMost(Duration.ofSeconds(20))
            .until(() -> info(replica, "master_repl_offset").equals(info(redis, "master_repl_offset")));
        replica.command("REPLICAOF", "NO", "ONE");
        relay.retarget(replica.port());
        relay.heal();
        awaitPushesBack(load);
        awaitReady(gateway, 200);
      });
    } finally {
      replica.command("REPLICAOF", "NO", "ONE");
      replica.command("FLUSHALL");
    }
  }

  private interface LinkFault {
    void run(TcpRelay relay, Gateway gateway, FaultLoad load) throws Exception;
  }

  /** A gateway on an empty Redis through a relay, under load while {@code fault} runs; the stream read from {@code endsOn}. */
  private static void underLoad(String name, TestRedis endsOn, LinkFault fault) throws Exception {
    redis.command("FLUSHALL");
    try (TcpRelay relay = TcpRelay.to(redis.port());
         Gateway gateway = TestGateways.start(relay.url(), Map.of("push.store-timeout", STORE_TIMEOUT.toMillis() + "ms"));
         FaultLoad load = FaultLoad.start(name, Shape.DEFAULT, Target.of(gateway))) {
      load.around(() -> fault.run(relay, gateway, load), () -> FaultLoad.stream(endsOn.port(), STREAM));
    }
  }

  /** A push acknowledged after the fault, within the store timeout plus one reconnect (and CI slack). */
  private static void awaitPushesBack(FaultLoad load) {
    int acked = load.ackedCount();
    await("pushes back").atMost(BACK_WITHIN).until(() -> load.ackedCount() > acked);
  }

  private static void awaitReady(Gateway gateway, int status) {
    await("readiness " + status).atMost(Duration.ofSeconds(20))
        .until(() -> Http.get(gateway.config().feed().port(), HealthEndpoints.READY).status() == status);
  }

  private static String info(TestRedis server, String field) {
    for (String line : server.command("INFO", "replication").split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return "";
  }
}
