package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JUnit extension: the gateways of one test, on the class's Redis and talking to its sandbox, with
 * a stream (and so leases and release slot) of the test's own; all closed after the test, with
 * Redis resumed if the test paused it.
 * {@code @RegisterExtension final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);}
 */
final class UpstreamGateways implements BeforeEachCallback, AfterEachCallback {

  private final TestRedis redis;
  private final TestSandbox sandbox;
  private final List<Gateway> started = new ArrayList<>();
  private String streamKey;

  UpstreamGateways(TestRedis redis, TestSandbox sandbox) {
    this.redis = redis;
    this.sandbox = sandbox;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    streamKey = UpstreamFixtures.streamKey();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    redis.resume();
    started.forEach(Gateway::close);
    started.clear();
  }

  /** A gateway pointed at the sandbox ({@link UpstreamFixtures#overrides}), with {@code extra} on top. */
  Gateway start(Map<String, ?> extra) {
    Gateway gateway = TestGateways.start(redis.url(), UpstreamFixtures.overrides(sandbox.sandbox(), streamKey, extra));
    started.add(gateway);
    return gateway;
  }

  String streamKey() {
    return streamKey;
  }

  /** The test's stream as Redis holds it: each entry's notification, in stream order. */
  List<JsonObject> stream() {
    return UpstreamFixtures.stream(redis, streamKey);
  }
}
