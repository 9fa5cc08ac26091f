package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.e2e.Replicas;
import docplanner.gateway.support.DurableRedis;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.groups.GroupClient;
import docplanner.gateway.support.groups.GroupLedger;
import docplanner.gateway.support.groups.GroupPushes;
import docplanner.gateway.support.groups.GroupVerdict;
import docplanner.gateway.support.groups.SseGroupClient;
import docplanner.gateway.support.groups.WsGroupClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer groups under faults (issue 12), each with three consumers, a short visibility timeout
 * and a steady stream of pushes: a consumer that takes events and never acknowledges them; a
 * consumer killed mid-stream (its connection reset); a gateway replica killed mid-stream (SIGKILL
 * of the real jar's process); Redis killed and restarted mid-stream (persistent: append-only file,
 * {@code appendfsync always}, so the stream, the group and its pending list survive; without
 * persistence the stream itself is gone and the gateway can only recreate the group, NOGROUP,
 * from what is left). In every case: every event is acknowledged by the group, none lost, none
 * acknowledged twice (as {@link GroupLedger} defines it), nothing left pending; the events the
 * failed consumer held are redelivered to the others with a raised delivery count. One summary
 * line each in {@code target/fault-summaries.txt}.
 */
class GroupFaultsIT {

  private static final Path JAR = Path.of("target", "docplanner-gateway.jar");
  private static final Map<String, Object> SHORT_VISIBILITY = Map.of("groups.visibility-timeout", "1s");

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final DurableRedis durable = new DurableRedis();

  @BeforeEach
  void emptyRedis() {
    redis.command("FLUSHALL");
  }

  @Test
  void eventsAConsumerNeverAcknowledgesGoToTheOthersAfterTheVisibilityTimeout() throws Exception {
    neverAcks("never-acks", "stuck");
  }

  /**
   * The contract's "redelivered to <em>another</em> live consumer", strictly: none of the events
   * the stuck consumer holds comes back to it (it would only hold them again, and with
   * {@code max-deliveries} they could be dead-lettered while healthy consumers wait).
   */
  @Test
  void eventsAConsumerNeverAcknowledgesNeverComeBackToIt() throws Exception {
    GroupLedger ledger = neverAcks("never-acks-strict", "stuck-strict");
    assertThat(ledger.deliveries()).as("redeliveries to the consumer that never acknowledges")
        .noneMatch(d -> d.consumer().equals("never-acks") && d.deliveries() > 1);
  }

  /** One consumer holds every event it gets, two acknowledge; everything ends acknowledged by those two. */
  private static GroupLedger neverAcks(String scenario, String group) throws Exception {
    GroupLedger ledger = new GroupLedger();
    try (Gateway gateway = TestGateways.start(redis.url(), SHORT_VISIBILITY)) {
      int feed = gateway.config().feed().port();
      try (SseGroupClient stuck = SseGroupClient.start(group, "never-acks", feed, ledger);
           SseGroupClient ok1 = SseGroupClient.start(group, "acks-sse", feed, ledger);
           WsGroupClient ok2 = WsGroupClient.start(group, "acks-ws", feed, ledger)) {
        stuck.hold();
        awaitSubscribed(stuck, ok1, ok2);
        GroupPushes pushes = GroupPushes.start(300, 300, GroupPushes.pushPort(gateway));
        handedOver(scenario, group, 1, ledger, pushes, stuck, stuck::held);
      }
    }
    return ledger;
  }

  @Test
  void aConsumerKilledMidStreamLeavesNothingBehind() throws Exception {
    GroupLedger ledger = new GroupLedger();
    try (Gateway gateway = TestGateways.start(redis.url(), SHORT_VISIBILITY)) {
      int feed = gateway.config().feed().port();
      try (SseGroupClient victim = SseGroupClient.start("killed", "victim", feed, ledger);
           SseGroupClient ok1 = SseGroupClient.start("killed", "survivor-sse", feed, ledger);
           WsGroupClient ok2 = WsGroupClient.start("killed", "survivor-ws", feed, ledger)) {
        awaitSubscribed(victim, ok1, ok2);
        GroupPushes pushes = GroupPushes.start(900, 300, GroupPushes.pushPort(gateway));
        Set<String> held = killHolding(victim, victim::kill);
        handedOver("consumer-killed", "killed", 1, ledger, pushes, victim, () -> held);
      }
    }
  }

  @Test
  void aGatewayReplicaKilledMidStreamHandsItsConsumersEventsToTheOthers() throws Exception {
    assertThat(JAR).as("the fat jar, built in the package phase").exists();
    int[] push = {TestGateways.freePort(), TestGateways.freePort()};
    int[] feed = {TestGateways.freePort(), TestGateways.freePort()};
    GroupLedger ledger = new GroupLedger();
    try (Replicas replicas = new Replicas(JAR, redis.url(), push, feed, Files.createTempDirectory("group-faults"),
        Map.of("GATEWAY_GROUPS_VISIBILITY_TIMEOUT", "1s"))) {
      replicas.start(0);
      replicas.start(1);
      assertThat(replicas.awaitReady(0, 30_000) && replicas.awaitReady(1, 30_000)).as("both replicas ready").isTrue();
      try (SseGroupClient victim = SseGroupClient.start("replica", "on-doomed-replica", feed[0], ledger);
           SseGroupClient ok1 = SseGroupClient.start("replica", "on-survivor-sse", feed[1], ledger);
           WsGroupClient ok2 = WsGroupClient.start("replica", "on-survivor-ws", feed[1], ledger)) {
        awaitSubscribed(victim, ok1, ok2);
        GroupPushes pushes = GroupPushes.start(900, 300, push[1], push[0]);
        Set<String> held = killHolding(victim, () -> {
          replicas.kill(0);
          victim.kill(); // its service replica stays away: the survivors must take over its events
        });
        handedOver("replica-sigkill", "replica", 2, ledger, pushes, victim, () -> held);
      }
    }
  }

  @Test
  void redisKilledAndRestartedWithItsAppendOnlyFileLosesNothing() throws Exception {
    durable.command("FLUSHALL");
    Map<String, Object> config = Map.of("groups.visibility-timeout", "2s");
    GroupLedger ledger = new GroupLedger();
    try (Gateway a = TestGateways.start(durable.url(), config); Gateway b = TestGateways.start(durable.url(), config)) {
      int feedA = a.config().feed().port();
      int feedB = b.config().feed().port();
      try (SseGroupClient c1 = SseGroupClient.start("restart", "sse-a", feedA, ledger);
           SseGroupClient c2 = SseGroupClient.start("restart", "sse-b", feedB, ledger);
           SseGroupClient c3 = SseGroupClient.start("restart", "sse-a-acks-via-b", feedA, feedB, ledger)) {
        awaitSubscribed(c1, c2, c3);
        GroupPushes pushes = GroupPushes.start(900, 200, GroupPushes.pushPort(a), GroupPushes.pushPort(b));
        await("load under way").atMost(Duration.ofSeconds(10)).until(() -> pushes.acked() >= 200);
        long outage = System.nanoTime();
        int retriesBefore = pushes.retries();
        durable.kill();
        assertThat(Http.getUntil(feedA, "/health/ready", answer -> answer.status() != 200, 10_000).status())
            .as("the gateway noticed Redis was gone").isNotEqualTo(200);
        await("pushes refused during the outage").atMost(Duration.ofSeconds(10)).until(() -> pushes.retries() > retriesBefore);
        durable.restart();
        long outageMs = (System.nanoTime() - outage) / 1_000_000;

        List<String> ids = pushes.awaitAll();
        List<String> stream = FaultLoad.stream(durable.port(), GroupVerdict.STREAM).stream().map(e -> e.id()).toList();
        assertThat(stream).as("the stream after the restart: every acknowledged push once").containsExactlyInAnyOrderElementsOf(ids);
        await("every event acknowledged").atMost(Duration.ofSeconds(30)).until(() -> ledger.allAcked(ids));
        GroupVerdict.awaitNothingPending(durable.port(), "restart");
        new GroupVerdict("redis-restart", durable.port(), "restart", ledger, ids).check(3, 2, "outage_ms=" + outageMs
            + " resubscriptions=" + (c1.subscriptions() + c2.subscriptions() + c3.subscriptions() - 3)
            + " push_retries=" + pushes.retries() + " failed_acks=" + (c1.failedAcks() + c2.failedAcks() + c3.failedAcks())
            + " persistence=aof-always visibility_timeout=2s");
      }
    }
  }

  /**
   * Redis restarted <em>without</em> its data (no persistence): the stream and the group are gone
   * with it. What was stored before is lost to everyone, not the group's to report; what matters is
   * that the gateway recreates the group (NOGROUP) without spinning and that every event pushed
   * after the restart reaches it, the first ones included (a group recreated at {@code $} after
   * those first pushes landed would skip them). The default visibility timeout: the redelivery
   * sweep (every 5 s then) must not be what saves the first events.
   */
  @Test
  void redisRestartedEmptyRecreatesTheGroupAndEveryNewEventReachesIt() throws Exception {
    GroupLedger ledger = new GroupLedger();
    try (Gateway gateway = TestGateways.start(redis.url())) {
      int feed = gateway.config().feed().port();
      try (SseGroupClient c1 = SseGroupClient.start("wiped", "sse-1", feed, ledger);
           WsGroupClient c2 = WsGroupClient.start("wiped", "ws-2", feed, ledger)) {
        awaitSubscribed(c1, c2);
        List<String> before = GroupPushes.start(100, 200, GroupPushes.pushPort(gateway)).awaitAll();
        await("the events before the restart acknowledged").atMost(Duration.ofSeconds(20)).until(() -> ledger.allAcked(before));

        redis.kill();
        assertThat(Http.getUntil(feed, "/health/ready", answer -> answer.status() != 200, 10_000).status())
            .as("the gateway noticed Redis was gone").isNotEqualTo(200);
        redis.restart();
        assertThat(Http.getUntil(feed, "/health/ready", answer -> answer.status() == 200, 15_000).status())
            .as("ready again on the empty Redis").isEqualTo(200);

        List<String> after = GroupPushes.start(300, 300, GroupPushes.pushPort(gateway)).awaitAll();
        try {
          await("every event pushed after the restart acknowledged").atMost(Duration.ofSeconds(20)).until(() -> ledger.allAcked(after));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // the verdict names what is missing
        }
        GroupVerdict.awaitNothingPending(redis.port(), "wiped");
        new GroupVerdict("redis-restart-empty", redis.port(), "wiped", ledger, after).check(2, 1,
            "before_restart=" + before.size() + " persistence=none first_after=" + after.get(0)
                + " first_after_acked=" + ledger.isAcked(after.get(0)));
      }
    }
  }

  private interface Failure {
    void happen() throws Exception;
  }

  /**
   * Lets {@code victim} work, then makes it stop acknowledging and, once it holds a few events
   * (delivered, not acknowledged), makes {@code failure} happen; returns the events it held.
   */
  private static Set<String> killHolding(GroupClient victim, Failure failure) throws Exception {
    await("the victim at work").atMost(Duration.ofSeconds(15)).until(() -> victim.received().size() >= 30);
    victim.hold();
    await("the victim holds events").atMost(Duration.ofSeconds(15)).until(() -> victim.held().size() >= 5);
    failure.happen();
    return new HashSet<>(victim.held());
  }

  /**
   * The end of a scenario where {@code failed} stopped acknowledging: every push acknowledged, every
   * event acknowledged by the group, and what the failed consumer held (read once the rest is
   * done) handed over to the others; then the verdict.
   */
  private static void handedOver(String scenario, String group, int replicas, GroupLedger ledger, GroupPushes pushes,
                                 GroupClient failed, java.util.function.Supplier<java.util.Collection<String>> held)
      throws InterruptedException {
    List<String> ids = pushes.awaitAll();
    await("every event acknowledged").atMost(Duration.ofSeconds(20)).until(() -> ledger.allAcked(ids));
    GroupVerdict.awaitNothingPending(redis.port(), group);
    Set<String> heldIds = new HashSet<>(held.get());
    assertThat(heldIds).as("the failed consumer held events").isNotEmpty();
    assertHandedOver(ledger, heldIds, failed.name());
    // The contract says "to another live consumer"; a consumer still connected but never acknowledging may get them back.
    long backToFailed = ledger.deliveries().stream().filter(d -> d.consumer().equals(failed.name()) && d.deliveries() > 1).count();
    new GroupVerdict(scenario, redis.port(), group, ledger, ids).check(3, replicas, "held_by_failed=" + heldIds.size()
        + " redelivered_to_failed=" + backToFailed + " visibility_timeout=1s");
  }

  /** Every event the failed consumer held was redelivered (deliveries ≥ 2) and acknowledged by another consumer. */
  private static void assertHandedOver(GroupLedger ledger, Set<String> held, String failed) {
    for (String id : held) {
      assertThat(ledger.ackedBy(id)).as("who acknowledged %s, held by %s", id, failed).isNotNull().isNotEqualTo(failed);
      assertThat(ledger.deliveries()).as("a redelivery of %s with its count raised", id)
          .anySatisfy(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.consumer()).isNotEqualTo(failed);
            assertThat(d.deliveries()).isGreaterThanOrEqualTo(2);
          });
    }
  }

  private static void awaitSubscribed(GroupClient... consumers) {
    await("consumers subscribed").atMost(Duration.ofSeconds(10))
        .until(() -> java.util.Arrays.stream(consumers).allMatch(GroupClient::isSubscribed));
  }
}
