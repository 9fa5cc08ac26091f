package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import docplanner.gateway.support.faults.QueueFeeder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The puller against a faulty Docplanner, under load: events keep arriving in the sandbox's queue
 * while its API (or its token endpoint) answers slowly, with 5xx, with resets, with 429, or with
 * malformed bodies. Once the fault ends every queued event is in the stream once and every
 * subscriber got each once, in order.
 */
class UpstreamFaultsIT {

  /** Pull load: 100 events a second for 8 s, through three SSE and three WebSocket subscribers. */
  private static final Shape PULLED = new Shape(100, 8, 3, 3);

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of());

  @RegisterExtension
  final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);

  final SandboxClient docplanner = sandbox.client();

  @Test
  void slowAnswers() throws Exception {
    underFault("upstream-slow", fault("slow", "api", ",\"delay_ms\":700"));
  }

  @Test
  void burstsOf5xx() throws Exception {
    underFault("upstream-5xx", fault("error", "api", ",\"status\":502"));
  }

  @Test
  void connectionsReset() throws Exception {
    underFault("upstream-reset", fault("reset", "api", ""));
  }

  @Test
  void a429Storm() throws Exception {
    underFault("upstream-429", fault("throttle", "api", ""));
  }

  @Test
  void tokenEndpointDown() throws Exception {
    underFault("upstream-token-down", () -> {
      fault("error", "token", "").run();
      docplanner.admin("DELETE", "/tokens", null); // the next API call gets 401 and needs a new token
    });
  }

  @Test
  void malformedBodies() throws Exception {
    underFault("upstream-malformed", fault("malformed", "api", ""));
  }

  private Runnable fault(String kind, String where, String extra) {
    return () -> docplanner.admin("PUT", "/faults", "{\"kind\":\"" + kind + "\",\"where\":\"" + where + "\"" + extra + "}");
  }

  /** Pull load, the fault on until the gateway ran into it a few times, then off; the invariants at the end. */
  private void underFault(String name, Runnable inject) throws Exception {
    Gateway gateway = gateways.start(Map.of("upstream.pull.enabled", true));
    try (FaultLoad load = FaultLoad.start(name, PULLED, Target.of(gateway),
        checker -> new QueueFeeder(docplanner, PULLED, checker))) {
      await("pulling under way").atMost(Duration.ofSeconds(30)).until(() -> gateways.stream().size() >= 50);
      load.around(() -> {
        inject.run();
        await("the gateway met the fault").atMost(Duration.ofSeconds(30)).until(() -> faultHits() >= 5);
        docplanner.admin("DELETE", "/faults", null);
      }, () -> FaultLoad.stream(redis.port(), gateways.streamKey()));
    } finally {
      docplanner.admin("DELETE", "/faults", null);
    }
  }

  private long faultHits() {
    JsonObject faults = docplanner.read("/faults");
    return faults.getLong("hits");
  }
}
