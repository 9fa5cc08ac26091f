package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static docplanner.gateway.upstream.UpstreamFixtures.bodies;
import static docplanner.gateway.upstream.UpstreamFixtures.enqueueAtOnce;
import static docplanner.gateway.upstream.UpstreamFixtures.json;
import static docplanner.gateway.upstream.UpstreamFixtures.never;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas in one JVM on one Redis and one sandbox: one pulls at a time and the other
 * takes over when it stops or dies; release is called once in the hour between them. The sandbox's
 * rate limiter (quotas too large to matter) counts the API calls through {@code X-RateLimit-Used}.
 */
class TwoReplicasIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(UpstreamFixtures.COUNTING_CALLS);

  @RegisterExtension
  final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);

  final SandboxClient docplanner = sandbox.client();

  private Gateway replica(Map<String, ?> extra) {
    return gateways.start(extra);
  }

  private static long leaders(Gateway... replicas) {
    long count = 0;
    for (Gateway g : replicas) {
      count += g.upstreamStatus().pull().leader() ? 1 : 0;
    }
    return count;
  }

  private static boolean nextTryInHalfAnHourOrMore(Gateway replica) {
    Instant next = replica.upstreamStatus().release().nextAttempt();
    return next != null && next.isAfter(Instant.now().plus(Duration.ofMinutes(30)));
  }

  @Test
  void oneReplicaPullsAtATimeAndTheOtherTakesOverWhenItStops() throws Exception {
    Map<String, Object> pull = Map.of("upstream.pull.enabled", true);
    Gateway a = replica(pull);
    Gateway b = replica(pull);
    await().atMost(Duration.ofSeconds(15)).until(() -> leaders(a, b) == 1);
    // Through two lease renewals (every lease-ttl / 3 = 1 s) and the other replica's tries for it.
    never("two pullers", Duration.ofSeconds(2), () -> leaders(a, b) > 1);
    Gateway leader = a.upstreamStatus().pull().leader() ? a : b;
    Gateway follower = leader == a ? b : a;
    assertThat(follower.upstreamStatus().pull().leaseHolder()).isEqualTo(leader.upstreamStatus().replica());

    String[] first = bodies("replicas", 150);
    enqueueAtOnce(docplanner, first);
    await().atMost(Duration.ofSeconds(20)).until(() -> gateways.stream().size() == 150);
    assertThat(follower.registry().find("gateway.pull.batches").counter().count()).isZero();
    assertThat(leader.registry().find("gateway.pull.batches").counter().count()).isEqualTo(2);

    leader.close(); // graceful: the lease is given up
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.upstreamStatus().pull().leader());
    String[] second = bodies("takeover", 120);
    enqueueAtOnce(docplanner, second);
    await().atMost(Duration.ofSeconds(20)).until(() -> gateways.stream().size() == 270);
    List<JsonObject> expected = new ArrayList<>(json(first));
    expected.addAll(json(second));
    assertThat(gateways.stream()).containsExactlyElementsOf(expected);
  }

  @Test
  void whenTheHolderDiesItsLeaseIsTakenOverOnceItExpires() {
    // What a crashed replica leaves behind: its lease, renewed by nobody, for the rest of its TTL.
    UpstreamKeys keys = UpstreamKeys.of(gateways.streamKey(), sandbox.sandbox().settings().clientId());
    redis.command("SET", keys.pullLease(), "crashed-replica 7", "PX", "3000");
    Map<String, Object> pull = Map.of("upstream.pull.enabled", true);
    Gateway a = replica(pull);
    Gateway b = replica(pull);
    await().atMost(Duration.ofSeconds(2)).until(() -> "crashed-replica".equals(a.upstreamStatus().pull().leaseHolder()));
    assertThat(leaders(a, b)).isZero();
    await().atMost(Duration.ofSeconds(15)).until(() -> leaders(a, b) == 1);
    String[] bodies = bodies("crash", 30);
    enqueueAtOnce(docplanner, bodies);
    await().atMost(Duration.ofSeconds(15)).until(() -> gateways.stream().size() == 30);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(bodies));
  }

  @Test
  void releaseIsCalledOnceInTheHourAcrossReplicas() throws Exception {
    Map<String, Object> release = Map.of("upstream.release.enabled", true, "upstream.release.interval", "2s");
    int pushPort = TestGateways.freePort();
    docplanner.pushEndpoint("http://127.0.0.1:" + pushPort + "/docplanner/notifications");
    String[] failed = bodies("hourly", 5);
    ReleaseEndToEndIT.failPushes(docplanner, failed);
    // Both start with failures waiting, and try every 2 s or so; the released events go to a's push endpoint.
    Map<String, Object> withPort = new java.util.HashMap<>(release);
    withPort.put("push.port", pushPort);
    Gateway a = replica(withPort);
    Gateway b = replica(release);
    await().atMost(Duration.ofSeconds(15)).until(() -> gateways.stream().size() == 5);
    assertThat(gateways.stream()).containsExactlyInAnyOrderElementsOf(json(failed));
    String probe = docplanner.token();
    assertThat(docplanner.pullMultiple(probe, "1").header("X-RateLimit-Used")).as("one release call, this probe")
        .isEqualTo("2");

    // More failures, and Docplanner's clock two hours on: it would take a release now; the gateways must not call.
    String[] later = bodies("later", 3);
    ReleaseEndToEndIT.failPushes(docplanner, later);
    docplanner.advance("2h");
    for (Gateway replica : List.of(a, b)) {
      AdminRelease.Answer answer = AdminRelease.post(replica);
      assertThat(answer.status()).isEqualTo(429);
      assertThat(answer.json().getString("type")).endsWith("/release-too-soon");
    }
    // Each replica's scheduled tries found the slot taken (too soon, by Redis' clock) and its next one is
    // planned for the hour's end: no scheduled try comes while this test runs, what was called is all there is.
    await().atMost(Duration.ofSeconds(15)).until(() -> nextTryInHalfAnHourOrMore(a) && nextTryInHalfAnHourOrMore(b));
    assertThat(docplanner.pullMultiple(docplanner.token(), "1").header("X-RateLimit-Used")).as("only this probe in the new window")
        .isEqualTo("1");
    assertThat(docplanner.items("failed")).hasSize(3);
    assertThat(docplanner.read("/released").getLong("total")).isEqualTo(5);
    assertThat(UpstreamFixtures.counter(a, "gateway.release.calls", "answer", "released")
        + UpstreamFixtures.counter(b, "gateway.release.calls", "answer", "released")).isEqualTo(1);
  }
}
