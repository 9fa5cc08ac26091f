package docplanner.gateway.support;

import docplanner.gateway.Gateway;
import docplanner.gateway.config.ConfigLoader;
import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.support.topology.RedisNode;

import java.util.HashMap;
import java.util.Map;

/** Starts real gateways in this JVM on free ports, against a test's own Redis. */
public final class TestGateways {

  private TestGateways() {
  }

  /** The configuration tests start from, with {@code overrides} (flat keys) on top. */
  public static GatewayConfig config(String redisUrl, Map<String, ?> overrides) {
    Map<String, Object> values = new HashMap<>();
    values.put("redis.url", redisUrl);
    values.put("redis.embedded", "never");
    values.put("push.port", freePort());
    values.put("feed.port", freePort());
    values.put("push.host", "127.0.0.1");
    values.put("feed.host", "127.0.0.1");
    values.put("push.instances", 2);
    values.put("feed.instances", 2);
    values.put("shutdown.grace-period", "2s");
    values.putAll(overrides);
    return ConfigLoader.load(null, Map.of(), values);
  }

  public static Gateway start(String redisUrl, Map<String, ?> overrides) {
    return Gateway.start(config(redisUrl, overrides));
  }

  public static Gateway start(String redisUrl) {
    return start(redisUrl, Map.of());
  }

  /** A port nothing listens on, never given twice in this JVM ({@code FreePorts}). */
  public static int freePort() {
    return RedisNode.freePort();
  }

  public static PushClient pushClient(Gateway gateway) {
    return new PushClient(gateway.config().push().port(), gateway.config().push().endpointPath());
  }
}
